-- model.shop.daily_channel_revenue: incremental
BEGIN TRANSACTION;

CREATE OR REPLACE TEMP TABLE "__mesh_tmp_daily_channel_revenue" AS

select
  cast(placed_at as date) as order_date,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from "shop_cleaned"."orders"
where cast(placed_at as date) >= (select max(order_date) from "shop_aggregate"."daily_channel_revenue")
group by cast(placed_at as date), channel;

DELETE FROM "shop_aggregate"."daily_channel_revenue"
WHERE date_trunc('DAY', "order_date") IN (SELECT date_trunc('DAY', "order_date") FROM "__mesh_tmp_daily_channel_revenue")
  OR (date_trunc('DAY', "order_date") IS NULL AND EXISTS (SELECT 1 FROM "__mesh_tmp_daily_channel_revenue" WHERE date_trunc('DAY', "order_date") IS NULL));

-- reports rows
INSERT INTO "shop_aggregate"."daily_channel_revenue" BY NAME SELECT * FROM "__mesh_tmp_daily_channel_revenue";

DROP TABLE "__mesh_tmp_daily_channel_revenue";

COMMIT;
