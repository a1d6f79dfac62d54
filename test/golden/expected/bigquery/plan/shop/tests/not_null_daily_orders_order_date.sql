-- test.shop.not_null_daily_orders_order_date: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM `golden-project.shop_aggregate.daily_orders`
WHERE `order_date` IS NULL
) AS failing_rows;
