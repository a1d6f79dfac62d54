
select
  customer_id,
  nullif(lower(trim(email)), '') as email,
  TRY_CAST(signup_date AS DATE) as signup_date,
  country
from "shop_raw"."customers_export"

