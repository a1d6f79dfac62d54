-- published state: `golden-project.ci_meshwork.published_contracts`
-- model.shop.order_events → `shop-prod.ci_shop_raw.order_events`
reads `shop-prod.ingest.order_events`
-- model.shop.customers_export → `shop-prod.ci_shop_raw.customers_export`
reads `crm-project.exports.customers`
-- model.shop.orders → `shop-prod.ci_shop_cleaned.orders`
reads `shop-prod.ci_shop_cleaned.order_events_deduplicated`
-- contract.shop.orders_v1 → `shop-prod.ci_shop.orders_v1`
reads `shop-prod.ci_shop_cleaned.orders`
-- model.finance.monthly_revenue → `golden-project.ci_finance_aggregate.monthly_revenue`
reads `shop-prod.ci_shop.channels_v1`
reads `shop-prod.ci_shop.orders_v1`
-- model.shop_eu.eu_orders → `golden-project.ci_shop_eu_cleaned.eu_orders`
reads `golden-project.ingest.returns`
reads `shop-prod.ci_shop.orders_v1`
