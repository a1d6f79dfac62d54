
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
group by DATE_TRUNC(DATE(o.placed_at), MONTH), o.channel, ch.label

