-- source orders
select UNIX_SECONDS(TIMESTAMP(max(_loaded_at))) as max_loaded_at
from `lab-prod.ingest.orders`
where (_loaded_at > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 3 DAY) and status != 'test');

-- source visits
select UNIX_SECONDS(TIMESTAMP(max(visited_at))) as max_loaded_at
from `other-proj.web.visits`;

-- source rates
select UNIX_SECONDS(TIMESTAMP(max(rate_date))) as max_loaded_at
from `lab-prod.ingest.rates`;

-- source broken
select UNIX_SECONDS(TIMESTAMP(max(rate_day))) as max_loaded_at
from `lab-prod.ingest.rates`;
