SELECT *
FROM `golden-project.shop_cleaned.customers`
WHERE `customer_id` IS NULL
