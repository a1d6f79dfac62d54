/*
description: >
  Latest state of each order (an entity built from immutable events): one row per order with
  when it was placed, paid and cancelled, and its current status. Amount outliers are already
  nulled out and incomplete orders flagged (see order_placements).
tags: [orders]
columns:
  order_id:
    description: Order identifier.
    tests: [unique, not_null]
  customer_id:
    description: The customer who placed the order; NULL for a few incomplete orders.
    tests:
      - relationships: { to: customers, field: customer_id }
  channel:
    tests:
      - not_null
      - accepted_values: { values: [web, app, marketplace] }
  status:
    description: placed (not paid yet), paid, or cancelled.
    tests:
      - not_null
      - accepted_values: { values: [placed, paid, cancelled] }
  placed_at:
    tests: [not_null]
  order_total:
    description: Order value in EUR; NULL when the reported value was an outlier.
*/
with lifecycle as (
  select
    order_id,
    min(case when event_type = 'order_paid' then occurred_at end) as paid_at,
    min(case when event_type = 'order_paid' then payment_id end) as payment_id,
    min(case when event_type = 'order_cancelled' then occurred_at end) as cancelled_at,
    min(case when event_type = 'order_cancelled' then cancel_reason end) as cancel_reason
  from {{ref "order_events_deduplicated"}}
  where event_type in ('order_paid', 'order_cancelled')
  group by order_id
)

select
  p.order_id,
  p.customer_id,
  p.channel,
  p.ship_country,
  p.ship_city,
  p.item_count,
  p.order_total,
  p.order_total_reported,
  p.currency,
  p.is_amount_outlier,
  p.is_complete,
  p.placed_at,
  l.paid_at,
  l.payment_id,
  l.cancelled_at,
  l.cancel_reason,
  case
    when l.cancelled_at is not null then 'cancelled'
    when l.paid_at is not null then 'paid'
    else 'placed'
  end as status
from {{ref "order_placements"}} as p
left join lifecycle as l
  on l.order_id = p.order_id
