/*
description: >
  Structuring and mitigating structural change. One row per stored payment event, the JSON
  payload turned into typed columns. Gateway v2 (2024-03-15) sends `amount` as decimal text;
  older events only have `amount_cents` (integer): both are read and coalesced into one EUR
  amount. `provider` is missing before v2, when every payment went through Adyen: default 'adyen'.
tags: [finance]
columns:
  event_id:
    tests: [not_null]
  event_type:
    tests:
      - accepted_values: { values: [payment_attempted, payment_captured, payment_failed, refund_issued] }
  occurred_at:
    tests: [not_null]
  amount:
    description: Amount in EUR, from `amount` (v2) or `amount_cents` / 100 (v1).
*/
with extracted as (
  select
    event_id,
    event_type,
    occurred_at,
    {{json_text "payload" "$.payment_id"}} as payment_id,
    {{json_text "payload" "$.order_id"}} as order_id,
    {{json_text "payload" "$.refund_id"}} as refund_id,
    {{json_text "payload" "$.method"}} as method_text,
    {{json_text "payload" "$.provider"}} as provider_text,
    {{json_text "payload" "$.amount"}} as amount_text,
    {{json_text "payload" "$.amount_cents"}} as amount_cents_text,
    {{json_text "payload" "$.currency"}} as currency_text,
    {{json_text "payload" "$.failure_reason"}} as failure_reason,
    {{json_text "payload" "$.reason"}} as refund_reason
  from {{ref "payment_events"}}
),

typed as (
  select
    extracted.*,
    {{safe_cast "amount_text" "decimal"}} as amount_v2,
    {{safe_cast "amount_cents_text" "integer"}} as amount_cents
  from extracted
)

select
  event_id,
  event_type,
  {{safe_cast "occurred_at" "timestamp"}} as occurred_at,
  payment_id,
  order_id,
  refund_id,
  lower(method_text) as method,
  coalesce(lower(provider_text), 'adyen') as provider,
  coalesce(amount_v2, {{safe_cast "amount_cents / 100" "decimal"}}) as amount,
  upper(currency_text) as currency,
  failure_reason,
  refund_reason
from typed
