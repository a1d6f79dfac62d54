-- model.shop.order_facts: incremental
-- reports rows
MERGE `golden-project.shop_aggregate.order_facts` AS target
USING (

select
  order_id,
  customer_id,
  placed_at,
  channel,
  amount,
  status
from `golden-project.shop_cleaned.orders`
where placed_at >= (select max(placed_at) from `golden-project.shop_aggregate.order_facts`)

) AS source
ON target.`order_id` = source.`order_id`
WHEN MATCHED THEN UPDATE SET `order_id` = source.`order_id`, `customer_id` = source.`customer_id`, `placed_at` = source.`placed_at`, `channel` = source.`channel`, `amount` = source.`amount`, `status` = source.`status`
WHEN NOT MATCHED THEN INSERT (`order_id`, `customer_id`, `placed_at`, `channel`, `amount`, `status`) VALUES (`order_id`, `customer_id`, `placed_at`, `channel`, `amount`, `status`);
