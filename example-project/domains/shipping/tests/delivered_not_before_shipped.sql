/*
description: A parcel cannot be delivered before the carrier picked it up (or before its label existed).
*/
select
  shipment_id,
  label_created_at,
  shipped_at,
  delivered_at
from {{ref "shipments_current"}}
where delivered_at < shipped_at
   or shipped_at < label_created_at
