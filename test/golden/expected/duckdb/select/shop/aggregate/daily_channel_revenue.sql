
select
  cast(placed_at as date) as order_date,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from "shop_cleaned"."orders"
group by cast(placed_at as date), channel

