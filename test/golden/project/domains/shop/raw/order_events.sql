/*
description: Checkout events as delivered (a view over a JSONL source).
*/
select * from {{source "order_events"}}
