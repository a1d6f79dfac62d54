/*
materialized: incremental
unique_key: order_id
description: One row per order, partitioned by the day it was placed; each run merges orders placed since the newest one loaded.
partition_by:
  field: placed_at
  data_type: timestamp
  granularity: day
cluster_by: [customer_id, channel]
labels:
  team: shop
  cost-center: 4711
*/
select
  order_id,
  customer_id,
  placed_at,
  channel,
  amount,
  status
from {{ref "orders"}}
{{#if is_incremental}}
where placed_at >= (select max(placed_at) from {{this}})
{{/if}}
