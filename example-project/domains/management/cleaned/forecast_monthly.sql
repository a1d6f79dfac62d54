/*
description: >
  Structuring manual data. The sales forecast is maintained by hand by controlling and sent as a
  spreadsheet (seed sales_forecast): types are made explicit, months normalized to their first
  day and channel names to lower case, so the forecast joins cleanly with the actuals.
tags: [finance]
columns:
  forecast_month:
    tests: [not_null]
  channel:
    tests:
      - not_null
      - accepted_values: { values: [web, app, marketplace] }
  forecast_revenue:
    description: Forecast net revenue in EUR.
    tests: [not_null]
*/
with typed as (
  select
    {{safe_cast "forecast_month" "date"}} as forecast_date,
    lower(trim(channel)) as channel,
    {{safe_cast "forecast_revenue" "decimal"}} as forecast_revenue
  from {{ref "sales_forecast"}}
)

select
  {{date_trunc "month" "forecast_date"}} as forecast_month,
  channel,
  forecast_revenue
from typed
