/*
materialized: table
description: Orders per amount band of 100, partitioned by integer ranges.
partition_by:
  field: amount_band
  data_type: int64
  range: { start: 0, end: 1000, interval: 100 }
require_partition_filter: true
labels: { team: shop }
*/
select
  cast(floor(amount / 100) as integer) * 100 as amount_band,
  count(*) as orders
from {{ref "orders"}}
group by cast(floor(amount / 100) as integer) * 100
