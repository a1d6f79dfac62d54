/*
description: >
  Delivery performance per carrier: volumes, lost and in-flight parcels, delivery time in
  calendar days from pick-up to delivery (average and nearest-rank percentiles p50/p90/p95,
  computed with cume_dist() so that the SQL is the same on every engine), and the share of
  parcels delivered within the promised days of the carrier's service level (the current terms,
  from the snapshot carrier_sla_history).
tags: [kpi]
columns:
  carrier:
    tests: [unique, not_null]
  on_time_rate:
    description: Delivered within the promised days / delivered.
*/
with delivered as (
  select
    shipment_id,
    carrier,
    service_level,
    {{date_diff "day" "cast(shipped_at as date)" "cast(delivered_at as date)"}} as delivery_days
  from {{ref "shipments_current"}}
  where delivered_at is not null
    and shipped_at is not null
),

ranked as (
  select
    delivered.*,
    cume_dist() over (partition by carrier order by delivery_days) as cumulative_share
  from delivered
),

percentiles as (
  select
    carrier,
    count(*) as delivered_shipments,
    round(avg(delivery_days), 2) as avg_delivery_days,
    {{#each (var "delivery_percentiles") as |share name|}}
    min(case when cumulative_share >= {{share}} then delivery_days end) as {{name}}_delivery_days,
    {{/each}}
    max(delivery_days) as max_delivery_days
  from ranked
  group by carrier
),

on_time as (
  select
    d.carrier,
    sum(case when d.delivery_days <= sla.promised_days then 1 else 0 end) as delivered_on_time
  from delivered as d
  inner join {{latest "carrier_sla_history"}} as sla
    on sla.carrier = d.carrier
   and sla.service_level = d.service_level
  group by d.carrier
),

volumes as (
  select
    carrier,
    count(*) as shipments,
    sum(case when status = 'lost' then 1 else 0 end) as lost_shipments,
    sum(case when status not in ('delivered', 'lost') then 1 else 0 end) as in_flight_shipments
  from {{ref "shipments_current"}}
  group by carrier
)

select
  v.carrier,
  v.shipments,
  v.lost_shipments,
  v.in_flight_shipments,
  coalesce(p.delivered_shipments, 0) as delivered_shipments,
  p.avg_delivery_days,
  p.p50_delivery_days,
  p.p90_delivery_days,
  p.p95_delivery_days,
  p.max_delivery_days,
  coalesce(o.delivered_on_time, 0) as delivered_on_time,
  {{rate "o.delivered_on_time" "p.delivered_shipments"}} as on_time_rate
from volumes as v
left join percentiles as p
  on p.carrier = v.carrier
left join on_time as o
  on o.carrier = v.carrier
