
select
  cast(placed_at as date) as order_date,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from "shop_cleaned"."orders"
where cast(placed_at as date) >= (select max(order_date) from "shop_aggregate"."daily_channel_revenue")
group by cast(placed_at as date), channel

