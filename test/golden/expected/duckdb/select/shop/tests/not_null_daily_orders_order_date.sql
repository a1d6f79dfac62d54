SELECT *
FROM "shop_aggregate"."daily_orders"
WHERE "order_date" IS NULL
