/*
description: Paid revenue per month and channel, from the shop's published orders and channels.
partition_by: { field: revenue_month, data_type: date, granularity: month }
partition_expiration_days: 730
cluster_by: channel
columns:
  revenue_month:
    tests: [not_null]
  channel:
    tests: [not_null]
*/
select
  {{date_trunc "month" "o.placed_at"}} as revenue_month,
  o.channel,
  ch.label as channel_label,
  count(*) as paid_orders,
  sum(o.amount) as revenue
from {{contract "shop.orders" version=1}} as o
left join {{contract "shop.channels" version=1}} as ch
  on ch.channel = o.channel
where o.status = 'paid'
  and cast(o.placed_at as date) >= cast('{{var "start_date"}}' as date)
group by {{date_trunc "month" "o.placed_at"}}, o.channel, ch.label
