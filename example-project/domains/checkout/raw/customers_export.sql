/*
description: >
  Raw nightly export of the customer table, exactly as delivered: one row per customer and change.
tags: [pii]
*/
select * from {{source "customers_export"}}
