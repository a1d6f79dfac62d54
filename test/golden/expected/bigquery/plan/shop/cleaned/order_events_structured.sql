-- model.shop.order_events_structured: view
CREATE OR REPLACE VIEW `golden-project.shop_cleaned.order_events_structured` AS

select
  event_id,
  event_type,
  SAFE_CAST(occurred_at AS TIMESTAMP) as occurred_at,
  JSON_VALUE(payload, '$.order_id') as order_id,
  JSON_VALUE(payload, '$.customer.id') as customer_id,
  SAFE_CAST(JSON_VALUE(payload, '$.amount') AS NUMERIC) as amount,
  SAFE_CAST(JSON_VALUE(payload, '$.item_count') AS INT64) as item_count,
  lower(JSON_VALUE(payload, '$.channel')) as channel
from `golden-project.shop_raw.order_events`;
