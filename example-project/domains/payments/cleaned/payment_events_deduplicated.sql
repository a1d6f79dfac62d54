/*
description: >
  Deduplication. The gateway retries webhooks until they are acknowledged, so one event (same
  event_id) can be stored several times: keep one row per event_id.
tags: [finance]
columns:
  event_id:
    tests: [unique, not_null]
*/
select
  event_id,
  event_type,
  occurred_at,
  payment_id,
  order_id,
  refund_id,
  method,
  provider,
  amount,
  currency,
  failure_reason,
  refund_reason
from (
  select
    e.*,
    row_number() over (partition by event_id order by occurred_at) as copy_number
  from {{ref "payment_events_structured"}} as e
) as numbered
where copy_number = 1
