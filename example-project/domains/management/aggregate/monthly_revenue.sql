/*
description: >
  Net revenue per month and channel (captured minus refunded EUR of the orders placed in the
  month), paid orders, average order value, the channel's share of the month (window over the
  month) and the growth against the channel's previous month (lag()).
tags: [finance, kpi]
columns:
  order_month:
    tests: [not_null]
  channel:
    tests:
      - not_null
      - accepted_values: { values: [web, app, marketplace] }
  net_revenue:
    tests: [not_null]
*/
with monthly as (
  select
    order_month,
    channel,
    count(*) as placed_orders,
    sum(case when is_paid then 1 else 0 end) as paid_orders,
    sum(net_revenue) as net_revenue,
    sum(refunded_amount) as refunded_amount
  from {{ref "order_facts"}}
  group by order_month, channel
)

select
  order_month,
  channel,
  placed_orders,
  paid_orders,
  net_revenue,
  refunded_amount,
  round(net_revenue / nullif(paid_orders, 0), 2) as average_order_value,
  round(net_revenue / nullif(sum(net_revenue) over (partition by order_month), 0), 4) as share_of_month,
  round(
    net_revenue / nullif(lag(net_revenue) over (partition by channel order by order_month), 0) - 1,
    4
  ) as growth_vs_previous_month
from monthly
