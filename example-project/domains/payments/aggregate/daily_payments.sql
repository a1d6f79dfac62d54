/*
description: >
  Daily cash flow per payment method: attempts, captures, failures, success rate, captured and
  refunded EUR (refunds on the day they were issued), net, and the running net total per method
  (a window over the days).
tags: [finance, kpi]
tests:
  - unique_combination: { columns: [payment_date, method] }
  - expression_is_true: { expression: "captures + failures <= attempts" }
columns:
  payment_date:
    tests: [not_null]
  method:
    tests:
      - not_null
      - accepted_values: { values: [card, paypal, klarna, unknown] }
*/
with attempt_days as (
  select
    cast(attempted_at as date) as payment_date,
    method,
    count(*) as attempts,
    sum(case when status = 'captured' then 1 else 0 end) as captures,
    sum(case when status = 'failed' then 1 else 0 end) as failures,
    coalesce(sum(captured_amount), 0) as captured_amount
  from {{ref "payments"}}
  group by cast(attempted_at as date), method
),

refund_days as (
  select
    cast(r.refunded_at as date) as payment_date,
    p.method,
    count(*) as refunds,
    sum(r.amount) as refunded_amount
  from {{ref "refunds"}} as r
  inner join {{ref "payments"}} as p
    on p.payment_id = r.payment_id
  group by cast(r.refunded_at as date), p.method
),

days as (
  select distinct payment_date, method
  from (
    select payment_date, method from attempt_days
    union all
    select payment_date, method from refund_days
  ) as all_days
),

combined as (
  select
    d.payment_date,
    d.method,
    coalesce(a.attempts, 0) as attempts,
    coalesce(a.captures, 0) as captures,
    coalesce(a.failures, 0) as failures,
    coalesce(a.captured_amount, 0) as captured_amount,
    coalesce(r.refunds, 0) as refunds,
    coalesce(r.refunded_amount, 0) as refunded_amount
  from days as d
  left join attempt_days as a
    on a.payment_date = d.payment_date and a.method = d.method
  left join refund_days as r
    on r.payment_date = d.payment_date and r.method = d.method
)

select
  payment_date,
  method,
  attempts,
  captures,
  failures,
  round(captures / nullif(captures + failures, 0), 4) as success_rate,
  captured_amount,
  refunds,
  refunded_amount,
  captured_amount - refunded_amount as net_amount,
  sum(captured_amount - refunded_amount) over (
    partition by method order by payment_date rows between unbounded preceding and current row
  ) as running_net_amount
from combined
