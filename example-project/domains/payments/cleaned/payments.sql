/*
description: >
  Completeness, and the latest state of each payment. A payment event without payment_id (sent
  by a broken client release) cannot be attributed and is dropped; an attempt without payment
  method is kept with method 'unknown'. One row per payment attempt with its outcome: captured,
  failed, or pending (no outcome yet).
tags: [finance]
columns:
  payment_id:
    description: One attempt to pay an order; an order can have several (e.g. a declined card first).
    tests: [unique, not_null]
  order_id:
    tests:
      - not_null
  method:
    tests:
      - accepted_values: { values: [card, paypal, klarna, unknown] }
  provider:
    tests:
      - accepted_values: { values: [adyen, paypal, klarna] }
  status:
    tests:
      - not_null
      - accepted_values: { values: [captured, failed, pending] }
  amount:
    tests: [not_null, at_least]
*/
with events as (
  select *
  from {{ref "payment_events_deduplicated"}}
  where payment_id is not null
),

attempts as (
  select
    payment_id,
    order_id,
    coalesce(method, 'unknown') as method,
    provider,
    amount,
    currency,
    occurred_at as attempted_at
  from events
  where event_type = 'payment_attempted'
),

outcomes as (
  select
    payment_id,
    min(case when event_type = 'payment_captured' then occurred_at end) as captured_at,
    min(case when event_type = 'payment_captured' then amount end) as captured_amount,
    min(case when event_type = 'payment_failed' then occurred_at end) as failed_at,
    min(case when event_type = 'payment_failed' then failure_reason end) as failure_reason
  from events
  where event_type in ('payment_captured', 'payment_failed')
  group by payment_id
)

select
  a.payment_id,
  a.order_id,
  a.method,
  a.provider,
  a.amount,
  a.currency,
  a.attempted_at,
  o.captured_at,
  o.captured_amount,
  o.failed_at,
  o.failure_reason,
  case
    when o.captured_at is not null then 'captured'
    when o.failed_at is not null then 'failed'
    else 'pending'
  end as status
from attempts as a
left join outcomes as o
  on o.payment_id = a.payment_id
