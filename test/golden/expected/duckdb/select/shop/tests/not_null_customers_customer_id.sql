SELECT *
FROM "shop_cleaned"."customers"
WHERE "customer_id" IS NULL
