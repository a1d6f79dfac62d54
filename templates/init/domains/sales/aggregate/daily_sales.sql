/*
description: Orders and revenue per day.
columns:
  order_date:
    tests: [unique, not_null]
*/
select
  cast(ordered_at as date) as order_date,
  count(*) as orders,
  sum(amount) as revenue
from {{ref "orders"}}
group by 1
