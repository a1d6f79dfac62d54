-- model.shop.daily_orders: incremental
CREATE OR REPLACE TEMP TABLE `__mesh_tmp_daily_orders` AS
WITH __mesh_ephemeral__shop__order_placements AS (
select
  order_id,
  customer_id,
  occurred_at as placed_at,
  amount,
  item_count,
  channel
from `golden-project.shop_cleaned.order_events_deduplicated`
where event_type = 'order_placed'
  and (amount is null or amount <= 1000)
)

select
  cast(placed_at as date) as order_date,
  DATE_TRUNC(DATE(placed_at), ISOWEEK) as order_week,
  DATE_TRUNC(DATE(placed_at), MONTH) as order_month,
  channel,
  count(*) as orders,
  sum(amount) as revenue
from __mesh_ephemeral__shop__order_placements
where cast(placed_at as date) >= cast('2024-01-01' as date)
  and cast(placed_at as date) >= (select DATE_ADD(DATE(max(order_date)), INTERVAL -3 DAY) from `golden-project.shop_aggregate.daily_orders`)
group by cast(placed_at as date), DATE_TRUNC(DATE(placed_at), ISOWEEK), DATE_TRUNC(DATE(placed_at), MONTH), channel;

BEGIN TRANSACTION;

DELETE FROM `golden-project.shop_aggregate.daily_orders` AS target
WHERE EXISTS (SELECT 1 FROM `__mesh_tmp_daily_orders` AS source WHERE target.`order_date` = source.`order_date` AND target.`channel` = source.`channel`);

-- reports rows
INSERT INTO `golden-project.shop_aggregate.daily_orders` (`order_date`, `order_week`, `order_month`, `channel`, `orders`, `revenue`)
SELECT `order_date`, `order_week`, `order_month`, `channel`, `orders`, `revenue` FROM `__mesh_tmp_daily_orders`;

COMMIT TRANSACTION;

DROP TABLE `__mesh_tmp_daily_orders`;
