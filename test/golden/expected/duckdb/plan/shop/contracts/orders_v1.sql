-- contract.shop.orders_v1: contract
-- reports rows
CREATE OR REPLACE TABLE "shop_private"."__mesh_orders_v1__golden" AS
SELECT
  CAST("order_id" AS VARCHAR) AS "order_id",
  CAST("placed_at" AS TIMESTAMP) AS "placed_at",
  CAST("amount" AS DOUBLE) AS "amount",
  CAST("channel" AS VARCHAR) AS "channel",
  CAST("status" AS VARCHAR) AS "status"
FROM "shop_cleaned"."orders";
