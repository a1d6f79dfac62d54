-- model.shop.order_events: view
CREATE OR REPLACE VIEW `golden-project.shop_raw.order_events` AS

select * from `golden-project.ingest.order_events`;
