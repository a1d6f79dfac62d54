/*
description: >
  The sales funnel per month and channel: orders placed -> paid -> shipped -> delivered, with the
  conversion rate of every step and end to end. Joins the checkout, payments and shipping data
  products (through order_facts).
tags: [kpi]
columns:
  order_month:
    tests: [not_null]
  channel:
    tests:
      - not_null
      - accepted_values: { values: [web, app, marketplace] }
  placed_orders:
    tests: [not_null]
  placed_to_paid_rate:
    description: Paid orders / placed orders.
*/
with counts as (
  select
    order_month,
    channel,
    count(*) as placed_orders,
    sum(case when is_paid then 1 else 0 end) as paid_orders,
    sum(case when is_shipped then 1 else 0 end) as shipped_orders,
    sum(case when is_delivered then 1 else 0 end) as delivered_orders
  from {{ref "order_facts"}}
  group by order_month, channel
)

select
  order_month,
  channel,
  placed_orders,
  paid_orders,
  shipped_orders,
  delivered_orders,
  {{rate "paid_orders" "placed_orders"}} as placed_to_paid_rate,
  {{rate "shipped_orders" "paid_orders"}} as paid_to_shipped_rate,
  {{rate "delivered_orders" "shipped_orders"}} as shipped_to_delivered_rate,
  {{rate "delivered_orders" "placed_orders"}} as placed_to_delivered_rate
from counts
