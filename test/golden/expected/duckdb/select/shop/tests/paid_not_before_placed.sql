
select order_id, placed_at, paid_at
from "shop_cleaned"."orders"
where paid_at < placed_at

