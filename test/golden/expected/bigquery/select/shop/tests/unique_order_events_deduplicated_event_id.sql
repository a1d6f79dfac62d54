SELECT `event_id` AS value, count(*) AS occurrences
FROM `golden-project.shop_cleaned.order_events_deduplicated`
WHERE `event_id` IS NOT NULL
GROUP BY `event_id`
HAVING count(*) > 1
