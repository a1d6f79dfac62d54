
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

