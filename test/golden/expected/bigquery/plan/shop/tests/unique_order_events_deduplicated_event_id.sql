-- test.shop.unique_order_events_deduplicated_event_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT `event_id` AS value, count(*) AS occurrences
FROM `golden-project.shop_cleaned.order_events_deduplicated`
WHERE `event_id` IS NOT NULL
GROUP BY `event_id`
HAVING count(*) > 1
) AS failing_rows;
