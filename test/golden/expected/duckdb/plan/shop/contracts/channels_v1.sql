-- contract.shop.channels_v1: contract
-- reports rows
CREATE OR REPLACE TABLE "shop_private"."__mesh_channels_v1__golden" AS
SELECT
  CAST("channel" AS VARCHAR) AS "channel",
  CAST("label" AS VARCHAR) AS "label",
  CAST("updated_at" AS TIMESTAMP) AS "updated_at"
FROM "shop_seeds"."channels";
