/*
description: Every funnel step counts a subset of the step before (placed >= paid >= shipped >= delivered).
tags: [kpi]
*/
select *
from {{ref "order_funnel"}}
where paid_orders > placed_orders
   or shipped_orders > paid_orders
   or delivered_orders > shipped_orders
