
select
  order_id,
  status,
  CAST(timezone('UTC', current_timestamp) AS TIMESTAMP) as logged_at
from "shop_cleaned"."orders"
where order_id not in (select order_id from "shop_aggregate"."order_status_log")

