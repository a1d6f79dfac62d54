-- test.shop.not_null_order_events_structured_event_id: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM `golden-project.shop_cleaned.order_events_structured`
WHERE `event_id` IS NULL
) AS failing_rows;
