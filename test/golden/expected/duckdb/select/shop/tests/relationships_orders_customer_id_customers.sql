SELECT child."customer_id" AS value
FROM "shop_cleaned"."orders" AS child
LEFT JOIN "shop_cleaned"."customers" AS parent ON child."customer_id" = parent."customer_id"
WHERE child."customer_id" IS NOT NULL AND parent."customer_id" IS NULL
