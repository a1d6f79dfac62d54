-- test.shop.unique_customer_summary_customer_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT `customer_id` AS value, count(*) AS occurrences
FROM `golden-project.shop_aggregate.customer_summary`
WHERE `customer_id` IS NOT NULL
GROUP BY `customer_id`
HAVING count(*) > 1
) AS failing_rows;
