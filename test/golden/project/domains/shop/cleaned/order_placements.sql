/*
materialized: ephemeral
description: Placed orders with a plausible amount; inlined as a CTE, never built.
*/
select
  order_id,
  customer_id,
  occurred_at as placed_at,
  amount,
  item_count,
  channel
from {{ref "order_events_deduplicated"}}
where event_type = 'order_placed'
  and (amount is null or amount <= {{var "max_amount"}})
