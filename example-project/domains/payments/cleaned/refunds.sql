/*
description: >
  Fixing outliers. One row per refund. A refund can never exceed what was captured for the
  payment; a larger reported amount (one refund arrived 1000x too large) is capped at the
  captured amount and flagged, the reported value kept in `amount_reported`.
tags: [finance]
columns:
  refund_id:
    tests: [unique, not_null]
  payment_id:
    tests:
      - not_null
      - relationships: { to: payments, field: payment_id }
  amount:
    description: Refunded EUR, capped at the captured amount of the payment.
    tests: [not_null]
  reason:
    tests:
      - accepted_values: { values: [order_cancelled, returned] }
*/
select
  r.refund_id,
  r.payment_id,
  r.order_id,
  r.occurred_at as refunded_at,
  r.refund_reason as reason,
  r.amount as amount_reported,
  case
    when p.captured_amount is not null and r.amount > p.captured_amount then p.captured_amount
    else r.amount
  end as amount,
  case
    when p.captured_amount is not null and r.amount > p.captured_amount then true
    else false
  end as is_amount_capped
from {{ref "payment_events_deduplicated"}} as r
left join {{ref "payments"}} as p
  on p.payment_id = r.payment_id
where r.event_type = 'refund_issued'
  and r.refund_id is not null
