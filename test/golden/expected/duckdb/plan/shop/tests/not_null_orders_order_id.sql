-- test.shop.not_null_orders_order_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM "shop_cleaned"."orders"
WHERE "order_id" IS NULL
) AS failing_rows;
