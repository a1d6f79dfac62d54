
select
  cast(floor(amount / 100) as integer) * 100 as amount_band,
  count(*) as orders
from `golden-project.shop_cleaned.orders`
group by cast(floor(amount / 100) as integer) * 100

