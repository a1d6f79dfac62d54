
select
  order_id,
  customer_id,
  placed_at,
  channel,
  amount,
  status
from "shop_cleaned"."orders"
where placed_at >= (select max(placed_at) from "shop_aggregate"."order_facts")

