-- model.shop.daily_channel_revenue: incremental
DECLARE _mesh_partitions ARRAY<DATE>;

DECLARE _mesh_null_partition BOOL;

CREATE OR REPLACE TEMP TABLE `__mesh_tmp_daily_channel_revenue` AS

select
  cast(placed_at as date) as order_date,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from `golden-project.shop_cleaned.orders`
where cast(placed_at as date) >= (select max(order_date) from `golden-project.shop_aggregate.daily_channel_revenue`)
group by cast(placed_at as date), channel;

SET (_mesh_partitions, _mesh_null_partition) = (
  SELECT AS STRUCT ARRAY_AGG(DISTINCT `order_date` IGNORE NULLS), LOGICAL_OR(`order_date` IS NULL)
  FROM `__mesh_tmp_daily_channel_revenue`
);

-- reports rows
MERGE `golden-project.shop_aggregate.daily_channel_revenue` AS target
USING `__mesh_tmp_daily_channel_revenue` AS source
ON FALSE
WHEN NOT MATCHED BY SOURCE
  AND (target.`order_date` IN UNNEST(_mesh_partitions) OR (_mesh_null_partition AND target.`order_date` IS NULL))
  THEN DELETE
WHEN NOT MATCHED THEN INSERT (`order_date`, `channel`, `orders`, `revenue`) VALUES (`order_date`, `channel`, `orders`, `revenue`);

DROP TABLE `__mesh_tmp_daily_channel_revenue`;
