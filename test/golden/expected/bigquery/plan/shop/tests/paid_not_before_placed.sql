-- test.shop.paid_not_before_placed: test (severity warn)
SELECT count(*) AS failures FROM (

select order_id, placed_at, paid_at
from `golden-project.shop_cleaned.orders`
where paid_at < placed_at

) AS failing_rows;
