
select
  event_id,
  event_type,
  occurred_at,
  order_id,
  customer_id,
  amount,
  item_count,
  channel
from (
  select
    e.*,
    row_number() over (partition by event_id order by occurred_at) as copy_number
  from "shop_cleaned"."order_events_structured" as e
  where occurred_at > (select max(occurred_at) from "shop_cleaned"."order_events_deduplicated")
) as numbered
where copy_number = 1

