/*
description: >
  Raw payment gateway webhooks exactly as ingested: one row per stored event (retries included),
  with the envelope columns and the untouched JSON payload.
tags: [finance]
*/
select * from {{source "payment_events"}}
