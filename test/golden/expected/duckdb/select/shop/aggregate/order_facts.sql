
select
  order_id,
  customer_id,
  placed_at,
  channel,
  amount,
  status
from "shop_cleaned"."orders"

