-- model.shop.order_events_deduplicated: incremental
-- reports rows
MERGE `golden-project.shop_cleaned.order_events_deduplicated` AS target
USING (

select
  event_id,
  event_type,
  occurred_at,
  order_id,
  customer_id,
  amount,
  item_count,
  channel
from (
  select
    e.*,
    row_number() over (partition by event_id order by occurred_at) as copy_number
  from `golden-project.shop_cleaned.order_events_structured` as e
  where occurred_at > (select max(occurred_at) from `golden-project.shop_cleaned.order_events_deduplicated`)
) as numbered
where copy_number = 1

) AS source
ON target.`event_id` = source.`event_id`
WHEN MATCHED THEN UPDATE SET `event_id` = source.`event_id`, `event_type` = source.`event_type`, `occurred_at` = source.`occurred_at`, `order_id` = source.`order_id`, `customer_id` = source.`customer_id`, `amount` = source.`amount`, `item_count` = source.`item_count`, `channel` = source.`channel`
WHEN NOT MATCHED THEN INSERT (`event_id`, `event_type`, `occurred_at`, `order_id`, `customer_id`, `amount`, `item_count`, `channel`) VALUES (`event_id`, `event_type`, `occurred_at`, `order_id`, `customer_id`, `amount`, `item_count`, `channel`);
