-- model.finance.monthly_revenue: table
-- reports rows
CREATE OR REPLACE TABLE `golden-project.finance_aggregate.monthly_revenue`
PARTITION BY DATE_TRUNC(`revenue_month`, MONTH)
CLUSTER BY `channel`
OPTIONS(partition_expiration_days=730) AS

select
  DATE_TRUNC(DATE(o.placed_at), MONTH) as revenue_month,
  o.channel,
  ch.label as channel_label,
  count(*) as paid_orders,
  sum(o.amount) as revenue
from `golden-project.shop.orders_v1` as o
left join `golden-project.shop.channels_v1` as ch
  on ch.channel = o.channel
where o.status = 'paid'
  and cast(o.placed_at as date) >= cast('2024-01-01' as date)
group by DATE_TRUNC(DATE(o.placed_at), MONTH), o.channel, ch.label;
