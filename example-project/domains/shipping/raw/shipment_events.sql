/*
description: >
  Raw carrier tracking events exactly as ingested: one row per stored event (webhook retries
  included), with the envelope columns and the untouched JSON payload.
*/
select * from {{source "shipment_events"}}
