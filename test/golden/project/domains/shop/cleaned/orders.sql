/*
description: One row per order with its payment; has its own WITH and reads an ephemeral model.
labels: { team: shop, contains_pii: "false" }
columns:
  order_id:
    tests: [unique, not_null]
  customer_id:
    tests:
      - relationships: { to: customers, field: customer_id }
  status:
    tests:
      - accepted_values: { values: [placed, paid] }
*/
with payments as (
  select
    order_id,
    min(occurred_at) as paid_at
  from {{ref "order_events_deduplicated"}}
  where event_type = 'order_paid'
  group by order_id
)

select
  p.order_id,
  p.customer_id,
  p.placed_at,
  pay.paid_at,
  p.amount,
  p.channel,
  case when pay.paid_at is null then 'placed' else 'paid' end as status,
  {{date_diff "day" "p.placed_at" "pay.paid_at"}} as days_to_pay
from {{ref "order_placements"}} as p
left join payments as pay
  on pay.order_id = p.order_id
