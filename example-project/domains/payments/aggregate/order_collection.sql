/*
description: >
  How well each sales channel's orders get paid for: per channel and order status (from checkout's
  published orders, version 2), the orders, the EUR ordered, and the EUR actually received. Orders
  with no payment attempt count with 0 received. Reads checkout only through its contract view.
tags: [finance]
columns:
  channel:
    tests: [not_null]
  status:
    tests:
      - accepted_values: { values: [placed, paid, cancelled] }
*/
select
  o.channel,
  o.status,
  count(*) as orders,
  round(sum(o.order_total), 2) as ordered_amount,
  round(sum(coalesce(p.net_amount, 0)), 2) as received_amount
from {{contract "checkout.orders" version=2}} as o
left join {{ref "order_payment_totals"}} as p
  on p.order_id = o.order_id
group by o.channel, o.status
