/*
description: An order cannot be paid or cancelled before it was placed.
tags: [orders]
*/
select
  order_id,
  placed_at,
  paid_at,
  cancelled_at
from {{ref "orders"}}
where paid_at < placed_at
   or cancelled_at < placed_at
