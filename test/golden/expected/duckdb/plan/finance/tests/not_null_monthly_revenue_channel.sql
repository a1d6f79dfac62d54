-- test.finance.not_null_monthly_revenue_channel: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM "finance_aggregate"."monthly_revenue"
WHERE "channel" IS NULL
) AS failing_rows;
