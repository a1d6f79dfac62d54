/*
description: Customers from the CSV export, typed and normalized.
columns:
  customer_id:
    tests: [unique, not_null]
*/
select
  customer_id,
  nullif(lower(trim(email)), '') as email,
  {{safe_cast "signup_date" "date"}} as signup_date,
  country
from {{ref "customers_export"}}
