-- model.shop.order_size_bands: table
-- reports rows
CREATE OR REPLACE TABLE "shop_aggregate"."order_size_bands" AS

select
  cast(floor(amount / 100) as integer) * 100 as amount_band,
  count(*) as orders
from "shop_cleaned"."orders"
group by cast(floor(amount / 100) as integer) * 100;
