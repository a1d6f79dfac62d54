-- contract.shop.orders_v1: contract
-- reports rows
CREATE OR REPLACE TABLE `golden-project.shop_private.__mesh_orders_v1__golden` AS
SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`placed_at` AS TIMESTAMP) AS `placed_at`,
  CAST(`amount` AS FLOAT64) AS `amount`,
  CAST(`channel` AS STRING) AS `channel`,
  CAST(`status` AS STRING) AS `status`
FROM `golden-project.shop_cleaned.orders`;
