-- contract.shop.channels_v1: contract
-- reports rows
CREATE OR REPLACE TABLE `golden-project.shop_private.__mesh_channels_v1__golden` AS
SELECT
  CAST(`channel` AS STRING) AS `channel`,
  CAST(`label` AS STRING) AS `label`,
  CAST(`updated_at` AS TIMESTAMP) AS `updated_at`
FROM `golden-project.shop_seeds.channels`;
