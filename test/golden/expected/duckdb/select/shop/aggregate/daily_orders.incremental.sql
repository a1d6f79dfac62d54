WITH __mesh_ephemeral__shop__order_placements AS (
select
  order_id,
  customer_id,
  occurred_at as placed_at,
  amount,
  item_count,
  channel
from "shop_cleaned"."order_events_deduplicated"
where event_type = 'order_placed'
  and (amount is null or amount <= 1000)
)

select
  cast(placed_at as date) as order_date,
  CAST(date_trunc('week', placed_at) AS DATE) as order_week,
  CAST(date_trunc('month', placed_at) AS DATE) as order_month,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from __mesh_ephemeral__shop__order_placements
where cast(placed_at as date) >= cast('2024-01-01' as date)
  and cast(placed_at as date) >= (select CAST((max(order_date)) + INTERVAL (-3) DAY AS DATE) from "shop_aggregate"."daily_orders")
group by cast(placed_at as date), CAST(date_trunc('week', placed_at) AS DATE), CAST(date_trunc('month', placed_at) AS DATE), channel

