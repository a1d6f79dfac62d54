
select
  order_id,
  status,
  CURRENT_TIMESTAMP() as logged_at
from `golden-project.shop_cleaned.orders`

