SELECT `event_type` AS value, count(*) AS occurrences
FROM `golden-project.shop_cleaned.order_events_structured`
WHERE `event_type` NOT IN ('order_placed', 'order_paid')
GROUP BY `event_type`
