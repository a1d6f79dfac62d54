
select order_id, placed_at, paid_at
from `golden-project.shop_cleaned.orders`
where paid_at < placed_at

