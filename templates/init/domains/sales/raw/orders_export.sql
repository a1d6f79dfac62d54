/*
description: The order system's export, exactly as delivered.
*/
select * from {{source "orders_export"}}
