SELECT *
FROM "shop_cleaned"."order_events_structured"
WHERE "event_id" IS NULL
