-- model.shop.customers: view
DROP TABLE IF EXISTS `golden-project.shop_cleaned.customers`;

CREATE OR REPLACE VIEW `golden-project.shop_cleaned.customers` AS

select
  customer_id,
  nullif(lower(trim(email)), '') as email,
  SAFE_CAST(signup_date AS DATE) as signup_date,
  country
from `golden-project.shop_raw.customers_export`;
