/*
description: >
  Latest state of each shipment (its current snapshot), with the milestones read from the
  snapshot history and the parcel data of the label. Fixing outliers: a parcel heavier than the
  `max_parcel_weight_kg` var was weighed in grams by mistake; its weight is set to NULL and
  flagged, the reported value kept in `weight_kg_reported`.
columns:
  shipment_id:
    tests: [unique, not_null]
  order_id:
    tests:
      - not_null
  carrier:
    tests:
      - not_null
      - accepted_values: { values: [dhl, dpd, ups, postnl] }
  service_level:
    tests:
      - accepted_values: { values: [standard, express] }
  status:
    tests:
      - not_null
      - accepted_values: { values: [label_created, picked_up, in_transit, out_for_delivery, delivered, lost] }
  shipped_at:
    description: When the carrier picked the parcel up.
  delivered_at:
    description: When the parcel was delivered; NULL while in flight or when lost.
*/
with labels as (
  select
    shipment_id,
    order_id,
    carrier,
    service_level,
    tracking_number,
    weight_kg,
    occurred_at as label_created_at
  from {{ref "shipment_events_deduplicated"}}
  where event_type = 'shipment_created'
),

milestones as (
  select
    shipment_id,
    count(*) as status_updates,
    min(case when status = 'picked_up' then valid_from end) as shipped_at,
    min(case when status = 'delivered' then valid_from end) as delivered_at,
    min(case when status = 'lost' then valid_from end) as lost_at
  from {{ref "shipment_snapshots"}}
  group by shipment_id
),

latest as (
  select
    shipment_id,
    status,
    location,
    valid_from as status_since
  from {{ref "shipment_snapshots"}}
  where is_current
)

select
  l.shipment_id,
  l.order_id,
  l.carrier,
  l.service_level,
  l.tracking_number,
  case when l.weight_kg > {{var "max_parcel_weight_kg"}} then null else l.weight_kg end as weight_kg,
  l.weight_kg as weight_kg_reported,
  case when l.weight_kg > {{var "max_parcel_weight_kg"}} then true else false end as is_weight_outlier,
  c.status,
  c.location as last_location,
  c.status_since,
  l.label_created_at,
  m.shipped_at,
  m.delivered_at,
  m.lost_at,
  m.status_updates
from labels as l
inner join latest as c
  on c.shipment_id = l.shipment_id
inner join milestones as m
  on m.shipment_id = l.shipment_id
