/*
materialized: ephemeral
description: >
  Completeness and fixing outliers, for order_placed events (inlined into `orders`, never built on
  its own). Completeness: a placed event without order_id cannot be attributed to anything and is
  dropped; missing customer or shipping country are kept but flagged (`is_complete`), so that no
  order disappears. Outliers: an order total that is negative or above the `max_order_amount`
  var (a unit bug once sent milli-euros) is not a real amount: it is set to NULL and flagged, the
  original value kept in `order_total_reported`.
*/
select
  order_id,
  occurred_at as placed_at,
  customer_id,
  channel,
  coalesce(ship_country, 'unknown') as ship_country,
  ship_city,
  item_count,
  case
    when order_total < 0 or order_total > {{var "max_order_amount"}} then null
    else order_total
  end as order_total,
  order_total as order_total_reported,
  case
    when order_total < 0 or order_total > {{var "max_order_amount"}} then true
    else false
  end as is_amount_outlier,
  case
    when customer_id is null or ship_country is null or order_total is null then false
    else true
  end as is_complete,
  currency
from {{ref "order_events_deduplicated"}}
where event_type = 'order_placed'
  and order_id is not null
