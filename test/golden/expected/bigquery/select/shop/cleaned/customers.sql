
select
  customer_id,
  nullif(lower(trim(email)), '') as email,
  SAFE_CAST(signup_date AS DATE) as signup_date,
  country
from `golden-project.shop_raw.customers_export`

