-- model.shop.customer_summary: table
BEGIN TRANSACTION;

DROP VIEW IF EXISTS "shop_aggregate"."customer_summary";

-- reports rows
CREATE OR REPLACE TABLE "shop_aggregate"."customer_summary" AS

select
  c.customer_id,
  c.country,
  count(o.order_id) as orders,
  min(o.placed_at) as first_order_at,
  CAST((min(o.placed_at)) + INTERVAL (30) DAY AS DATE) as follow_up_on,
  date_diff('week', c.signup_date, min(o.placed_at)) as weeks_to_first_order,
  CAST(timezone('UTC', current_timestamp) AS TIMESTAMP) as refreshed_at
from "shop_cleaned"."customers" as c
left join "shop_cleaned"."orders" as o
  on o.customer_id = c.customer_id
group by c.customer_id, c.country, c.signup_date;

COMMIT;
