/*
materialized: incremental
incremental_strategy: insert_overwrite
description: Revenue per day and channel; each run replaces the days it recomputes.
partition_by: { field: order_date, data_type: date }
cluster_by: channel
*/
select
  cast(placed_at as date) as order_date,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from {{ref "orders"}}
{{#if is_incremental}}
where cast(placed_at as date) >= (select max(order_date) from {{this}})
{{/if}}
group by cast(placed_at as date), channel
