-- test.shop.accepted_values_orders_status: test (severity error)
SELECT count(*) AS failures FROM (
SELECT "status" AS value, count(*) AS occurrences
FROM "shop_cleaned"."orders"
WHERE "status" NOT IN ('placed', 'paid')
GROUP BY "status"
) AS failing_rows;
