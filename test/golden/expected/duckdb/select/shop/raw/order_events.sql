
select * from read_json_auto('domains/shop/data/order_events.jsonl')

