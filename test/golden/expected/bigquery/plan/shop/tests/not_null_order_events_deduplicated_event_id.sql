-- test.shop.not_null_order_events_deduplicated_event_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM `golden-project.shop_cleaned.order_events_deduplicated`
WHERE `event_id` IS NULL
) AS failing_rows;
