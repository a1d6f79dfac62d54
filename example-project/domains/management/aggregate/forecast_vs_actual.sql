/*
description: >
  Forecast vs actual net revenue per month and channel: joins the hand-maintained forecast (seed)
  with the actuals (a full outer join, so that neither a month without forecast nor a month
  without actuals disappears), with the variance and the year-to-date totals (running sums per
  channel). Months without actuals yet have NULL actuals.
tags: [finance, kpi]
columns:
  revenue_month:
    tests: [not_null]
  channel:
    tests:
      - not_null
      - accepted_values: { values: [web, app, marketplace] }
  variance:
    description: Actual minus forecast EUR; NULL while the month has no actuals.
*/
with joined as (
  select
    coalesce(f.forecast_month, a.order_month) as revenue_month,
    coalesce(f.channel, a.channel) as channel,
    f.forecast_revenue,
    a.net_revenue as actual_revenue
  from {{ref "forecast_monthly"}} as f
  full outer join {{ref "monthly_revenue"}} as a
    on a.order_month = f.forecast_month
   and a.channel = f.channel
)

select
  revenue_month,
  channel,
  forecast_revenue,
  actual_revenue,
  actual_revenue - forecast_revenue as variance,
  round((actual_revenue - forecast_revenue) / nullif(forecast_revenue, 0), 4) as variance_rate,
  sum(forecast_revenue) over (
    partition by channel order by revenue_month rows between unbounded preceding and current row
  ) as forecast_revenue_ytd,
  case
    when actual_revenue is not null then sum(actual_revenue) over (
      partition by channel order by revenue_month rows between unbounded preceding and current row
    )
  end as actual_revenue_ytd,
  {{current_timestamp}} as refreshed_at
from joined
