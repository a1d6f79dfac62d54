
select
  order_id,
  status,
  CURRENT_TIMESTAMP() as logged_at
from `golden-project.shop_cleaned.orders`
where order_id not in (select order_id from `golden-project.shop_aggregate.order_status_log`)

