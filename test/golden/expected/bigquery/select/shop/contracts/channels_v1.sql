SELECT
  CAST(`channel` AS STRING) AS `channel`,
  CAST(`label` AS STRING) AS `label`,
  CAST(`updated_at` AS TIMESTAMP) AS `updated_at`
FROM `golden-project.shop_seeds.channels`
