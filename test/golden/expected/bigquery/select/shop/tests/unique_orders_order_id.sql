SELECT `order_id` AS value, count(*) AS occurrences
FROM `golden-project.shop_cleaned.orders`
WHERE `order_id` IS NOT NULL
GROUP BY `order_id`
HAVING count(*) > 1
