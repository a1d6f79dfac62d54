-- test.shop.relationships_orders_customer_id_customers: test (severity error)
SELECT count(*) AS failures FROM (
SELECT child."customer_id" AS value
FROM "shop_cleaned"."orders" AS child
LEFT JOIN "shop_cleaned"."customers" AS parent ON child."customer_id" = parent."customer_id"
WHERE child."customer_id" IS NOT NULL AND parent."customer_id" IS NULL
) AS failing_rows;
