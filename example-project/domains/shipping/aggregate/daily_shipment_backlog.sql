/*
description: >
  The fulfilment backlog at the end of each day, read from the snapshot history: for every day
  with tracking activity, how many shipments were in each state at the end of that day (the
  snapshot valid then), and the change of open shipments against the day before (lag()).
tags: [kpi]
columns:
  calendar_date:
    tests: [unique, not_null]
  open_shipments:
    description: Shipments not yet delivered or lost at the end of the day.
    tests: [not_null]
*/
with calendar as (
  select distinct cast(valid_from as date) as calendar_date
  from {{ref "shipment_snapshots"}}
),

end_of_day_states as (
  select
    c.calendar_date,
    s.shipment_id,
    s.status
  from calendar as c
  inner join {{ref "shipment_snapshots"}} as s
    on cast(s.valid_from as date) <= c.calendar_date
   and (s.valid_to is null or cast(s.valid_to as date) > c.calendar_date)
),

daily as (
  select
    calendar_date,
    sum(case when status = 'label_created' then 1 else 0 end) as awaiting_pickup,
    sum(case when status in ('picked_up', 'in_transit') then 1 else 0 end) as in_transit,
    sum(case when status = 'out_for_delivery' then 1 else 0 end) as out_for_delivery,
    sum(case when status = 'delivered' then 1 else 0 end) as delivered_to_date,
    sum(case when status = 'lost' then 1 else 0 end) as lost_to_date,
    sum(case when status not in ('delivered', 'lost') then 1 else 0 end) as open_shipments
  from end_of_day_states
  group by calendar_date
)

select
  calendar_date,
  awaiting_pickup,
  in_transit,
  out_for_delivery,
  open_shipments,
  open_shipments - coalesce(lag(open_shipments) over (order by calendar_date), 0)
    as open_shipments_change,
  delivered_to_date,
  lost_to_date
from daily
