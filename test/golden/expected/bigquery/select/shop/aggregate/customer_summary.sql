
select
  c.customer_id,
  c.country,
  count(o.order_id) as orders,
  min(o.placed_at) as first_order_at,
  DATE_ADD(DATE(min(o.placed_at)), INTERVAL 30 DAY) as follow_up_on,
  DIV(DATE_DIFF(DATE(min(o.placed_at)), DATE(c.signup_date), DAY), 7) as weeks_to_first_order,
  CURRENT_TIMESTAMP() as refreshed_at
from `golden-project.shop_cleaned.customers` as c
left join `golden-project.shop_cleaned.orders` as o
  on o.customer_id = c.customer_id
group by c.customer_id, c.country, c.signup_date

