/*
materialized: incremental
incremental_strategy: append
description: Each order's status the first time a run saw it (append only).
*/
select
  order_id,
  status,
  {{current_timestamp}} as logged_at
from {{ref "orders"}}
{{#if is_incremental}}
where order_id not in (select order_id from {{this}})
{{/if}}
