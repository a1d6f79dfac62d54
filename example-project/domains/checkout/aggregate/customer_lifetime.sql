/*
description: >
  One row per customer: orders, paid spend, first and last order, the average gap between two
  orders (lag() per customer), the spend rank (dense_rank()) and a lifecycle stage: 'lapsed' when
  the last order is more than 60 days before the last day with orders in the data (date_add).
tags: [customers]
columns:
  customer_id:
    tests:
      - unique
      - not_null
      - relationships: { to: customers, field: customer_id }
  lifecycle_stage:
    tests:
      - accepted_values: { values: [never_ordered, active, lapsed] }
  spend_rank:
    description: 1 for the customer with the highest paid spend (ties share a rank).
    tests: [not_null]
*/
with customer_orders as (
  select
    customer_id,
    order_id,
    placed_at,
    status,
    order_total,
    lag(placed_at) over (partition by customer_id order by placed_at) as previous_placed_at
  from {{ref "orders"}}
  where customer_id is not null
),

gaps as (
  select
    customer_orders.*,
    case
      when previous_placed_at is not null
        then {{date_diff "day" "cast(previous_placed_at as date)" "cast(placed_at as date)"}}
    end as days_since_previous_order
  from customer_orders
),

per_customer as (
  select
    customer_id,
    count(*) as orders,
    sum(case when status = 'paid' then 1 else 0 end) as paid_orders,
    coalesce(sum(case when status = 'paid' then order_total end), 0) as paid_spend,
    min(placed_at) as first_order_at,
    max(placed_at) as last_order_at,
    round(avg(days_since_previous_order), 1) as avg_days_between_orders
  from gaps
  group by customer_id
),

as_of as (
  select cast(max(placed_at) as date) as last_order_day from {{ref "orders"}}
)

select
  c.customer_id,
  c.country,
  cast(c.signup_at as date) as signup_date,
  coalesce(p.orders, 0) as orders,
  coalesce(p.paid_orders, 0) as paid_orders,
  coalesce(p.paid_spend, 0) as paid_spend,
  p.first_order_at,
  p.last_order_at,
  p.avg_days_between_orders,
  dense_rank() over (order by coalesce(p.paid_spend, 0) desc) as spend_rank,
  case
    when p.last_order_at is null then 'never_ordered'
    when {{date_add "cast(p.last_order_at as date)" 60 "day"}} < a.last_order_day then 'lapsed'
    else 'active'
  end as lifecycle_stage
from {{ref "customers"}} as c
left join per_customer as p
  on p.customer_id = c.customer_id
cross join as_of as a
