/*
description: >
  Every order that payments received money for, and every order that shipping sent a parcel for,
  is an order of checkout: management joins the three data products on order_id and would lose
  money or parcels of an unknown order. Checked through the contract views, as management reads
  them (this replaces the relationships tests to checkout.orders that payments and shipping ran
  on checkout's internal model).
tags: [kpi]
*/
select 'payments.order_payments' as data_product, p.order_id
from {{contract "payments.order_payments" version=1}} as p
left join {{contract "checkout.orders" version=1}} as o
  on o.order_id = p.order_id
where o.order_id is null

union all

select 'shipping.shipments' as data_product, s.order_id
from {{contract "shipping.shipments" version=1}} as s
left join {{contract "checkout.orders" version=1}} as o
  on o.order_id = s.order_id
where o.order_id is null
