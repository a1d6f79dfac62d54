/*
description: >
  Structuring and mitigating structural change. One row per stored tracking event, the JSON
  payload turned into typed columns. Carrier API v2 (2024-04-01) renamed `carrier_code` to
  `carrier` (both read and coalesced) and sends statuses and carriers in lower case (v1 sent
  'IN_TRANSIT', 'DHL': normalized to lower case). `service_level` only exists since v2; before
  that only standard shipping was offered, so created events without it default to 'standard'.
columns:
  event_id:
    tests: [not_null]
  event_type:
    tests:
      - accepted_values: { values: [shipment_created, shipment_status_changed] }
  occurred_at:
    tests: [not_null]
  carrier:
    description: From `carrier`, or `carrier_code` before 2024-04-01; lower case.
    tests:
      - accepted_values: { values: [dhl, dpd, ups, postnl] }
*/
with extracted as (
  select
    event_id,
    event_type,
    occurred_at,
    {{json_text "payload" "$.shipment_id"}} as shipment_id,
    {{json_text "payload" "$.order_id"}} as order_id,
    {{json_text "payload" "$.carrier"}} as carrier_text,
    {{json_text "payload" "$.carrier_code"}} as carrier_code_text,
    {{json_text "payload" "$.status"}} as status_text,
    {{json_text "payload" "$.location"}} as location,
    {{json_text "payload" "$.tracking_number"}} as tracking_number,
    {{json_text "payload" "$.weight_kg"}} as weight_kg_text,
    {{json_text "payload" "$.service_level"}} as service_level_text
  from {{ref "shipment_events"}}
)

select
  event_id,
  event_type,
  {{safe_cast "occurred_at" "timestamp"}} as occurred_at,
  shipment_id,
  order_id,
  lower(coalesce(carrier_text, carrier_code_text)) as carrier,
  lower(status_text) as status,
  location,
  tracking_number,
  {{safe_cast "weight_kg_text" "number"}} as weight_kg,
  case
    when event_type = 'shipment_created' then lower(coalesce(service_level_text, 'standard'))
  end as service_level
from extracted
