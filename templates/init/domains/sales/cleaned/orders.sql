/*
description: >
  One row per order: the export can hold an order twice (keep one), and an order without an amount
  is still being entered (leave it out until it has one).
columns:
  order_id:
    description: Order identifier.
    tests: [unique, not_null]
  amount:
    description: Order value in EUR.
    tests: [not_null]
*/
select distinct
  order_id,
  customer_id,
  amount,
  ordered_at
from {{ref "orders_export"}}
where amount is not null
