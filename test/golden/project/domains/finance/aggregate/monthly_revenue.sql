/*
description: Paid revenue per month and channel, from another domain's orders.
columns:
  revenue_month:
    tests: [not_null]
  channel:
    tests:
      - relationships: { to: shop.channels, field: channel }
*/
select
  {{date_trunc "month" "o.placed_at"}} as revenue_month,
  o.channel,
  ch.label as channel_label,
  count(*) as paid_orders,
  sum(o.amount) as revenue
from {{ref "shop.orders"}} as o
left join {{ref "shop.channels"}} as ch
  on ch.channel = o.channel
where o.status = 'paid'
  and cast(o.placed_at as date) >= cast('{{var "start_date"}}' as date)
group by {{date_trunc "month" "o.placed_at"}}, o.channel, ch.label
