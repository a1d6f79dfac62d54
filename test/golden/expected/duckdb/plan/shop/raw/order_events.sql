-- model.shop.order_events: view
CREATE OR REPLACE VIEW "shop_raw"."order_events" AS

select * from read_json_auto('domains/shop/data/order_events.jsonl');
