SELECT *
FROM `golden-project.shop_cleaned.orders`
WHERE `order_id` IS NULL
