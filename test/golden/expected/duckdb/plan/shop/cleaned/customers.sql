-- model.shop.customers: view
BEGIN TRANSACTION;

DROP TABLE IF EXISTS "shop_cleaned"."customers";

CREATE OR REPLACE VIEW "shop_cleaned"."customers" AS

select
  customer_id,
  nullif(lower(trim(email)), '') as email,
  TRY_CAST(signup_date AS DATE) as signup_date,
  country
from "shop_raw"."customers_export";

COMMIT;
