SELECT
  CAST("order_id" AS VARCHAR) AS "order_id",
  CAST("placed_at" AS TIMESTAMP) AS "placed_at",
  CAST("amount" AS DOUBLE) AS "amount",
  CAST("channel" AS VARCHAR) AS "channel",
  CAST("status" AS VARCHAR) AS "status"
FROM "shop_cleaned"."orders"
