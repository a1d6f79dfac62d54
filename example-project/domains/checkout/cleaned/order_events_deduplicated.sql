/*
materialized: incremental
unique_key: event_id
incremental_strategy: merge
# BigQuery table layout (ignored on DuckDB): a day's events per partition, so the incremental
# filter on occurred_at prunes partitions; clustered by the merge key.
partition_by:
  field: occurred_at
  data_type: timestamp
  granularity: day
cluster_by: [event_id]
description: >
  Deduplication. The event store is append-only and delivery is at-least-once, so the same event
  (same event_id) can be stored several times: keep exactly one row per event_id. Events are
  immutable, so the model is incremental: each run only reads events newer than the newest one
  already loaded, and merges on event_id (a late copy of a known event updates nothing new).
tags: [pii]
columns:
  event_id:
    description: Identifier of the event; unique from here on.
    tests: [unique, not_null]
  event_type:
    tests:
      - accepted_values: { values: [order_placed, order_paid, order_cancelled] }
*/
select
  event_id,
  event_type,
  occurred_at,
  order_id,
  customer_id,
  channel,
  ship_country,
  ship_city,
  item_count,
  order_total,
  currency,
  payment_id,
  cancel_reason,
  cancelled_by
from (
  select
    e.*,
    row_number() over (partition by event_id order by occurred_at) as copy_number
  from {{ref "order_events_structured"}} as e
  {{#if is_incremental}} where occurred_at > (select max(occurred_at) from {{this}}) {{/if}}
) as numbered
where copy_number = 1
