SELECT
  CAST("channel" AS VARCHAR) AS "channel",
  CAST("label" AS VARCHAR) AS "label",
  CAST("updated_at" AS TIMESTAMP) AS "updated_at"
FROM "shop_seeds"."channels"
