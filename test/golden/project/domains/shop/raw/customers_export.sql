/*
description: The customer export as delivered (a view over a CSV source).
*/
select * from {{source "customers_export"}}
