-- test.shop.not_null_customers_customer_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM `golden-project.shop_cleaned.customers`
WHERE `customer_id` IS NULL
) AS failing_rows;
