/*
description: >
  Completeness, and the shipment entity kept as a history of snapshots. Tracking events without
  a status (empty carrier updates) carry no state and are dropped. Every remaining status update
  is one snapshot of the shipment, valid from its event until the next update (lead()); the
  snapshot without successor is the current state (see shipments_current).
columns:
  event_id:
    description: The tracking event the snapshot comes from.
    tests: [unique, not_null]
  shipment_id:
    tests:
      - not_null
  snapshot_number:
    description: 1 for the first known state of the shipment, then 2, 3, ...
    tests: [not_null]
  status:
    tests:
      - not_null
      - accepted_values: { values: [label_created, picked_up, in_transit, out_for_delivery, delivered, lost] }
  valid_from:
    tests: [not_null]
  valid_to:
    description: When the next status update replaced this one; NULL for the current snapshot.
*/
with status_updates as (
  select
    event_id,
    shipment_id,
    carrier,
    status,
    location,
    occurred_at
  from {{ref "shipment_events_deduplicated"}}
  where status is not null
    and shipment_id is not null
)

select
  event_id,
  shipment_id,
  row_number() over (partition by shipment_id order by occurred_at, event_id) as snapshot_number,
  carrier,
  status,
  location,
  occurred_at as valid_from,
  lead(occurred_at) over (partition by shipment_id order by occurred_at, event_id) as valid_to,
  case
    when lead(occurred_at) over (partition by shipment_id order by occurred_at, event_id) is null
      then true
    else false
  end as is_current
from status_updates
