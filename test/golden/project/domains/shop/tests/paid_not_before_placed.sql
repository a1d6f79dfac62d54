/*
severity: warn
description: An order cannot be paid before it was placed.
*/
select order_id, placed_at, paid_at
from {{ref "orders"}}
where paid_at < placed_at
