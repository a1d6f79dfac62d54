-- model.shop.order_events_structured: view
CREATE OR REPLACE VIEW "shop_cleaned"."order_events_structured" AS

select
  event_id,
  event_type,
  TRY_CAST(occurred_at AS TIMESTAMP) as occurred_at,
  json_extract_string(payload, '$.order_id') as order_id,
  json_extract_string(payload, '$.customer.id') as customer_id,
  TRY_CAST(json_extract_string(payload, '$.amount') AS DECIMAL(38, 9)) as amount,
  TRY_CAST(json_extract_string(payload, '$.item_count') AS BIGINT) as item_count,
  lower(json_extract_string(payload, '$.channel')) as channel
from "shop_raw"."order_events";
