
select
  CAST(date_trunc('month', o.placed_at) AS DATE) as revenue_month,
  o.channel,
  ch.label as channel_label,
  count(*) as paid_orders,
  sum(o.amount) as revenue
from "shop"."orders_v1" as o
left join "shop"."channels_v1" as ch
  on ch.channel = o.channel
where o.status = 'paid'
  and cast(o.placed_at as date) >= cast('2024-01-01' as date)
group by CAST(date_trunc('month', o.placed_at) AS DATE), o.channel, ch.label

