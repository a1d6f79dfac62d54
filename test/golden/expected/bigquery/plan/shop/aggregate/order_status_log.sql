-- model.shop.order_status_log: incremental
-- reports rows
INSERT INTO `golden-project.shop_aggregate.order_status_log` (`order_id`, `status`, `logged_at`)
SELECT `order_id`, `status`, `logged_at` FROM (

select
  order_id,
  status,
  CURRENT_TIMESTAMP() as logged_at
from `golden-project.shop_cleaned.orders`
where order_id not in (select order_id from `golden-project.shop_aggregate.order_status_log`)

);
