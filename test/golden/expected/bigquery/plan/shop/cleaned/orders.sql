-- model.shop.orders: view
CREATE OR REPLACE VIEW `golden-project.shop_cleaned.orders`
OPTIONS(labels=[('team', 'shop'), ('contains_pii', 'false')]) AS
WITH __mesh_ephemeral__shop__order_placements AS (
select
  order_id,
  customer_id,
  occurred_at as placed_at,
  amount,
  item_count,
  channel
from `golden-project.shop_cleaned.order_events_deduplicated`
where event_type = 'order_placed'
  and (amount is null or amount <= 1000)
),

     payments as (
  select
    order_id,
    min(occurred_at) as paid_at
  from `golden-project.shop_cleaned.order_events_deduplicated`
  where event_type = 'order_paid'
  group by order_id
)

select
  p.order_id,
  p.customer_id,
  p.placed_at,
  pay.paid_at,
  p.amount,
  p.channel,
  case when pay.paid_at is null then 'placed' else 'paid' end as status,
  DATE_DIFF(DATE(pay.paid_at), DATE(p.placed_at), DAY) as days_to_pay
from __mesh_ephemeral__shop__order_placements as p
left join payments as pay
  on pay.order_id = p.order_id;
