/*
description: >
  Money per order, the finance view of an order: attempts, failures, captured and refunded
  amounts and the net amount received. One row per order that had at least one payment attempt.
tags: [finance]
columns:
  order_id:
    tests:
      - unique
      - not_null
  net_amount:
    description: Captured minus refunded EUR.
    tests: [not_null]
*/
with per_order_payments as (
  select
    order_id,
    count(*) as payment_attempts,
    sum(case when status = 'failed' then 1 else 0 end) as failed_attempts,
    coalesce(sum(captured_amount), 0) as captured_amount,
    min(captured_at) as first_captured_at,
    max(case when status = 'captured' then method end) as captured_method
  from {{ref "payments"}}
  group by order_id
),

per_order_refunds as (
  select
    order_id,
    count(*) as refunds,
    sum(amount) as refunded_amount,
    max(refunded_at) as last_refunded_at
  from {{ref "refunds"}}
  group by order_id
)

select
  p.order_id,
  p.payment_attempts,
  p.failed_attempts,
  p.captured_method,
  p.first_captured_at,
  p.captured_amount,
  coalesce(r.refunds, 0) as refunds,
  coalesce(r.refunded_amount, 0) as refunded_amount,
  r.last_refunded_at,
  p.captured_amount - coalesce(r.refunded_amount, 0) as net_amount
from per_order_payments as p
left join per_order_refunds as r
  on r.order_id = p.order_id
