/*
materialized: incremental
unique_key: [order_date, channel]
incremental_strategy: delete+insert
description: Orders per day and channel; each run rebuilds the last three days it has.
columns:
  order_date:
    tests: [not_null]
*/
select
  cast(placed_at as date) as order_date,
  {{date_trunc "week" "placed_at"}} as order_week,
  {{date_trunc "month" "placed_at"}} as order_month,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from {{ref "order_placements"}}
where cast(placed_at as date) >= cast('{{var "start_date"}}' as date)
{{#if is_incremental}}
  and cast(placed_at as date) >= (select {{date_add "max(order_date)" -3 "day"}} from {{this}})
{{/if}}
group by cast(placed_at as date), {{date_trunc "week" "placed_at"}}, {{date_trunc "month" "placed_at"}}, channel
