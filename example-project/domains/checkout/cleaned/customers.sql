/*
description: >
  Latest state of each customer: the export has one row per change, keep the newest one per
  customer_id (entity history -> current state). E-mail addresses are normalized (trimmed, lower
  case); customers without e-mail address are kept and flagged.
tags: [pii]
columns:
  customer_id:
    description: Customer identifier.
    tests: [unique, not_null]
  email:
    description: Current e-mail address, trimmed and lower case (personal data).
  country:
    description: Country of residence; a new market shows up as a warning, not a failure.
    tests:
      - accepted_values: { values: [DE, NL, FR, AT, BE], severity: warn }
  signup_at:
    tests: [not_null]
*/
select
  customer_id,
  email,
  email is not null as has_email,
  first_name,
  last_name,
  country,
  city,
  signup_at,
  updated_at,
  version_count
from (
  select
    customer_id,
    nullif(lower(trim(email)), '') as email,
    first_name,
    last_name,
    upper(country) as country,
    city,
    {{safe_cast "signup_at" "timestamp"}} as signup_at,
    {{safe_cast "updated_at" "timestamp"}} as updated_at,
    row_number() over (partition by customer_id order by {{safe_cast "updated_at" "timestamp"}} desc) as recency,
    count(*) over (partition by customer_id) as version_count
  from {{ref "customers_export"}}
) as versions
where recency = 1
