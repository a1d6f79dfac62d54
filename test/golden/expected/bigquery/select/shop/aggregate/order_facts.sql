
select
  order_id,
  customer_id,
  placed_at,
  channel,
  amount,
  status
from `golden-project.shop_cleaned.orders`

