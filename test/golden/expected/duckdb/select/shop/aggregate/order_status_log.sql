
select
  order_id,
  status,
  CAST(timezone('UTC', current_timestamp) AS TIMESTAMP) as logged_at
from "shop_cleaned"."orders"

