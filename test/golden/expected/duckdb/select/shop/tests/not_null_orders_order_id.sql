SELECT *
FROM "shop_cleaned"."orders"
WHERE "order_id" IS NULL
