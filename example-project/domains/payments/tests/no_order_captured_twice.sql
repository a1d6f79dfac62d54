/*
description: >
  No order is paid more than once: at most one captured payment per order (a second capture
  would mean charging the customer twice, e.g. a duplicate webhook that was not deduplicated).
tags: [finance]
*/
select
  order_id,
  count(*) as captured_payments
from {{ref "payments"}}
where status = 'captured'
group by order_id
having count(*) > 1
