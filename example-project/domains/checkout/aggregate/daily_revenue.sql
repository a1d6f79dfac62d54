/*
description: >
  Daily order intake since the `start_date` var: orders placed, paid and cancelled, order value,
  and two window functions over the value of paid orders: a 7-day moving average over the last
  7 calendar days (a RANGE frame on a day number, so days without orders count as zero) and the
  running total. Outlier amounts are NULL in orders and do not count.
tags: [finance, kpi]
columns:
  order_date:
    description: Day the orders were placed (UTC).
    tests: [unique, not_null]
  orders_placed:
    tests: [not_null]
  paid_order_value_7d_avg:
    description: Average daily value of paid orders over this day and the 6 days before.
*/
with daily as (
  select
    cast(placed_at as date) as order_date,
    count(*) as orders_placed,
    sum(case when paid_at is not null then 1 else 0 end) as orders_paid,
    sum(case when status = 'cancelled' then 1 else 0 end) as orders_cancelled,
    coalesce(sum(order_total), 0) as gross_order_value,
    coalesce(sum(case when status = 'paid' then order_total end), 0) as paid_order_value
  from {{ref "orders"}}
  where cast(placed_at as date) >= cast({{literal (var "start_date")}} as date)
  group by cast(placed_at as date)
),

first_day as (
  select min(order_date) as first_order_date from daily
),

numbered as (
  select
    daily.*,
    {{date_diff "day" "first_day.first_order_date" "daily.order_date"}} as day_number
  from daily
  cross join first_day
)

select
  order_date,
  orders_placed,
  orders_paid,
  orders_cancelled,
  gross_order_value,
  paid_order_value,
  round(
    sum(paid_order_value) over (order by day_number range between 6 preceding and current row) / 7,
    2
  ) as paid_order_value_7d_avg,
  sum(paid_order_value) over (order by day_number rows between unbounded preceding and current row)
    as paid_order_value_cumulative
from numbered
