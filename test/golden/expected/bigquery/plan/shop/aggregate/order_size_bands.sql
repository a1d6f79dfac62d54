-- model.shop.order_size_bands: table
-- reports rows
CREATE OR REPLACE TABLE `golden-project.shop_aggregate.order_size_bands`
PARTITION BY RANGE_BUCKET(`amount_band`, GENERATE_ARRAY(0, 1000, 100))
OPTIONS(require_partition_filter=true, labels=[('team', 'shop')]) AS

select
  cast(floor(amount / 100) as integer) * 100 as amount_band,
  count(*) as orders
from `golden-project.shop_cleaned.orders`
group by cast(floor(amount / 100) as integer) * 100;
