SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`placed_at` AS TIMESTAMP) AS `placed_at`,
  CAST(`amount` AS FLOAT64) AS `amount`,
  CAST(`channel` AS STRING) AS `channel`,
  CAST(`status` AS STRING) AS `status`
FROM `golden-project.shop_cleaned.orders`
