/*
description: One row per stored event, the JSON payload as typed columns (duplicates still present).
columns:
  event_id:
    tests: [not_null]
  event_type:
    tests:
      - accepted_values: { values: [order_placed, order_paid], severity: warn }
*/
select
  event_id,
  event_type,
  {{safe_cast "occurred_at" "timestamp"}} as occurred_at,
  {{json_text "payload" "$.order_id"}} as order_id,
  {{json_text "payload" "customer.id"}} as customer_id,
  {{safe_cast (json_text "payload" "$.amount") "decimal"}} as amount,
  {{safe_cast (json_text "payload" "$.item_count") "integer"}} as item_count,
  lower({{json_text "payload" "$.channel"}}) as channel
from {{ref "order_events"}}
