-- test.finance.relationships_monthly_revenue_channel_channels: test (severity error)
SELECT count(*) AS failures FROM (
SELECT child."channel" AS value
FROM "finance_aggregate"."monthly_revenue" AS child
LEFT JOIN "shop_seeds"."channels" AS parent ON child."channel" = parent."channel"
WHERE child."channel" IS NOT NULL AND parent."channel" IS NULL
) AS failing_rows;
