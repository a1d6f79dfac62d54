-- model.shop.order_events_deduplicated: incremental
CREATE OR REPLACE TEMP TABLE `__mesh_tmp_order_events_deduplicated` AS

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
where copy_number = 1;

BEGIN TRANSACTION;

DELETE FROM `golden-project.shop_cleaned.order_events_deduplicated` AS target
WHERE EXISTS (SELECT 1 FROM `__mesh_tmp_order_events_deduplicated` AS source WHERE target.`event_id` = source.`event_id`);

-- reports rows
INSERT INTO `golden-project.shop_cleaned.order_events_deduplicated` SELECT * FROM `__mesh_tmp_order_events_deduplicated`;

COMMIT TRANSACTION;

DROP TABLE `__mesh_tmp_order_events_deduplicated`;
