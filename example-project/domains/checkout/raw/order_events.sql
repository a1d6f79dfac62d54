/*
description: >
  Raw checkout events exactly as ingested: one row per stored event (duplicates included), with
  the envelope columns and the untouched JSON payload.
*/
select * from {{source "order_events"}}
