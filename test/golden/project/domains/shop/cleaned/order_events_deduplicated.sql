/*
materialized: incremental
unique_key: event_id
description: One row per event_id; each run reads only events newer than the newest one loaded.
columns:
  event_id:
    tests: [unique, not_null]
*/
select
  event_id,
  event_type,
  occurred_at,
  order_id,
  customer_id,
  amount,
  item_count,
  channel
from (
  select
    e.*,
    row_number() over (partition by event_id order by occurred_at) as copy_number
  from {{ref "order_events_structured"}} as e
  {{#if is_incremental}}
  where occurred_at > (select max(occurred_at) from {{this}})
  {{/if}}
) as numbered
where copy_number = 1
