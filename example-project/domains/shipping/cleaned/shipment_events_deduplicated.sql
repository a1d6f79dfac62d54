/*
description: >
  Deduplication. Carriers retry their webhooks, so one tracking event (same event_id) can be
  stored several times: keep one row per event_id.
columns:
  event_id:
    tests: [unique, not_null]
*/
select
  event_id,
  event_type,
  occurred_at,
  shipment_id,
  order_id,
  carrier,
  status,
  location,
  tracking_number,
  weight_kg,
  service_level
from (
  select
    e.*,
    row_number() over (partition by event_id order by occurred_at) as copy_number
  from {{ref "shipment_events_structured"}} as e
) as numbered
where copy_number = 1
