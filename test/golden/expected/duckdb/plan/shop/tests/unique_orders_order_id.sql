-- test.shop.unique_orders_order_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT "order_id" AS value, count(*) AS occurrences
FROM "shop_cleaned"."orders"
WHERE "order_id" IS NOT NULL
GROUP BY "order_id"
HAVING count(*) > 1
) AS failing_rows;
