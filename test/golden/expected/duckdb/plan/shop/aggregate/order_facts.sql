-- model.shop.order_facts: incremental
BEGIN TRANSACTION;

CREATE OR REPLACE TEMP TABLE "__mesh_tmp_order_facts" AS

select
  order_id,
  customer_id,
  placed_at,
  channel,
  amount,
  status
from "shop_cleaned"."orders"
where placed_at >= (select max(placed_at) from "shop_aggregate"."order_facts");

-- reports rows
MERGE INTO "shop_aggregate"."order_facts" AS target
USING "__mesh_tmp_order_facts" AS source
ON (target."order_id" = source."order_id")
WHEN MATCHED THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *;

DROP TABLE "__mesh_tmp_order_facts";

COMMIT;
