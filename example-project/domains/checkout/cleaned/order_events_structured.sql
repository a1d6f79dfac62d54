/*
description: >
  Structuring and mitigating structural change. One row per stored checkout event, the JSON payload
  turned into typed columns. `customerId` was renamed to `customer_id` on 2024-03-01: both names
  are read and coalesced. `channel` only exists since the app launch on 2024-02-15: before that
  every order came from the web shop, so placed events without it default to 'web'. Duplicates
  are still present (see order_events_deduplicated).
tags: [pii]
columns:
  event_id:
    description: Identifier of the event, repeated when the event was stored more than once.
    tests: [not_null]
  event_type:
    tests:
      - accepted_values: { values: [order_placed, order_paid, order_cancelled] }
  occurred_at:
    description: When the event happened (UTC).
    tests: [not_null]
  customer_id:
    description: From `customer_id`, or from `customerId` in events before 2024-03-01.
  channel:
    description: Sales channel of placed events ('web' before the field existed); NULL for other events.
*/
with extracted as (
  select
    event_id,
    event_type,
    occurred_at,
    {{json_text "payload" "$.order_id"}} as order_id,
    {{json_text "payload" "$.customer_id"}} as customer_id_text,
    {{json_text "payload" "$.customerId"}} as customer_id_legacy_text,
    {{json_text "payload" "$.channel"}} as channel_text,
    {{json_text "payload" "$.shipping_address.country"}} as ship_country_text,
    {{json_text "payload" "$.shipping_address.city"}} as ship_city_text,
    {{json_text "payload" "$.item_count"}} as item_count_text,
    {{json_text "payload" "$.order_total"}} as order_total_text,
    {{json_text "payload" "$.currency"}} as currency_text,
    {{json_text "payload" "$.payment_id"}} as payment_id,
    {{json_text "payload" "$.reason"}} as cancel_reason_text,
    {{json_text "payload" "$.cancelled_by"}} as cancelled_by
  from {{ref "order_events"}}
)

select
  event_id,
  event_type,
  {{safe_cast "occurred_at" "timestamp"}} as occurred_at,
  order_id,
  coalesce(customer_id_text, customer_id_legacy_text) as customer_id,
  case when event_type = 'order_placed' then lower(coalesce(channel_text, 'web')) end as channel,
  upper(ship_country_text) as ship_country,
  ship_city_text as ship_city,
  {{safe_cast "item_count_text" "integer"}} as item_count,
  {{safe_cast "order_total_text" "decimal"}} as order_total,
  upper(currency_text) as currency,
  payment_id,
  case when event_type = 'order_cancelled' then coalesce(cancel_reason_text, 'unknown') end as cancel_reason,
  cancelled_by
from extracted
