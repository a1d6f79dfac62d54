-- model.shop.order_events_deduplicated: incremental
BEGIN TRANSACTION;

CREATE OR REPLACE TEMP TABLE "__mesh_tmp_order_events_deduplicated" AS

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
where copy_number = 1;

-- reports rows
MERGE INTO "shop_cleaned"."order_events_deduplicated" AS target
USING "__mesh_tmp_order_events_deduplicated" AS source
ON (target."event_id" = source."event_id")
WHEN MATCHED THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *;

DROP TABLE "__mesh_tmp_order_events_deduplicated";

COMMIT;
