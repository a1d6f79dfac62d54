/*
description: >
  Monthly performance of each payment method: attempts, success rate, captured EUR, the method's
  share of the month's captured EUR (window over the month) and its rank within the month.
tags: [finance]
columns:
  payment_month:
    tests: [not_null]
  method:
    tests: [not_null]
  share_of_captured_amount:
    description: Fraction of the month's captured EUR that went through this method.
*/
with monthly as (
  select
    {{date_trunc "month" "attempted_at"}} as payment_month,
    method,
    count(*) as attempts,
    sum(case when status = 'captured' then 1 else 0 end) as captures,
    sum(case when status = 'failed' then 1 else 0 end) as failures,
    coalesce(sum(captured_amount), 0) as captured_amount
  from {{ref "payments"}}
  group by {{date_trunc "month" "attempted_at"}}, method
)

select
  payment_month,
  method,
  attempts,
  captures,
  failures,
  round(captures / nullif(attempts, 0), 4) as success_rate,
  captured_amount,
  round(captured_amount / nullif(sum(captured_amount) over (partition by payment_month), 0), 4)
    as share_of_captured_amount,
  rank() over (partition by payment_month order by captured_amount desc) as rank_in_month
from monthly
