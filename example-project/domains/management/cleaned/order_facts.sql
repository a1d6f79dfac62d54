/*
description: >
  External data aligned to one row per order: the checkout order joined with its money (payments)
  and its parcels (shipping), for orders placed since the `start_date` var. The other domains are
  read only through their contract views (checkout.orders_v1, payments.order_payments_v1,
  shipping.shipments_v1). The basis of every management KPI, so that all of them count orders the
  same way. An order is paid when a payment was captured, shipped when its first parcel was picked
  up, delivered when all parcels arrived.
tags: [kpi]
columns:
  order_id:
    tests:
      - unique
      - not_null
  order_month:
    tests: [not_null]
  channel:
    tests: [not_null]
  net_revenue:
    description: Captured minus refunded EUR (0 when never paid).
    tests: [not_null]
*/
with shipments_per_order as (
  select
    order_id,
    count(*) as shipments,
    min(shipped_at) as shipped_at,
    case
      when count(*) = sum(case when delivered_at is not null then 1 else 0 end) then max(delivered_at)
    end as delivered_at
  from {{contract "shipping.shipments" version=1}}
  group by order_id
)

select
  o.order_id,
  o.channel,
  o.ship_country,
  o.status as order_status,
  o.placed_at,
  {{date_trunc "month" "o.placed_at"}} as order_month,
  -- Contracts publish money as logicalType number (a DOUBLE / FLOAT64): back to decimal per order,
  -- so that the sums of the KPIs are exact.
  {{safe_cast "o.order_total" "decimal"}} as order_total,
  coalesce({{safe_cast "p.captured_amount" "decimal"}}, 0) as captured_amount,
  coalesce({{safe_cast "p.refunded_amount" "decimal"}}, 0) as refunded_amount,
  coalesce({{safe_cast "p.net_amount" "decimal"}}, 0) as net_revenue,
  p.first_captured_at as paid_at,
  s.shipped_at,
  s.delivered_at,
  coalesce(s.shipments, 0) as shipments,
  case when p.first_captured_at is not null then true else false end as is_paid,
  case when s.shipped_at is not null then true else false end as is_shipped,
  case when s.delivered_at is not null then true else false end as is_delivered
from {{contract "checkout.orders" version=1}} as o
left join {{contract "payments.order_payments" version=1}} as p
  on p.order_id = o.order_id
left join shipments_per_order as s
  on s.order_id = o.order_id
where cast(o.placed_at as date) >= cast({{literal (var "start_date")}} as date)
