SELECT *
FROM `golden-project.shop_cleaned.order_events_deduplicated`
WHERE `event_id` IS NULL
