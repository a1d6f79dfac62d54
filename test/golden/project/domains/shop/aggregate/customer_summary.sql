/*
description: Orders per customer (a table).
columns:
  customer_id:
    tests: [unique]
*/
select
  c.customer_id,
  c.country,
  count(o.order_id) as orders,
  min(o.placed_at) as first_order_at,
  {{date_add "min(o.placed_at)" 30 "day"}} as follow_up_on,
  {{date_diff "week" "c.signup_date" "min(o.placed_at)"}} as weeks_to_first_order,
  {{current_timestamp}} as refreshed_at
from {{ref "customers"}} as c
left join {{ref "orders"}} as o
  on o.customer_id = c.customer_id
group by c.customer_id, c.country, c.signup_date
