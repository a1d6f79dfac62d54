/*
description: The daily figures count every cleaned order exactly once.
*/
select daily.orders as counted_per_day, cleaned.orders as cleaned_orders
from (select sum(orders) as orders from {{ref "daily_sales"}}) as daily
cross join (select count(*) as orders from {{ref "orders"}}) as cleaned
where daily.orders <> cleaned.orders
