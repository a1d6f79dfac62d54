-- test.finance.not_null_monthly_revenue_revenue_month: test (severity error)
SELECT count(*) AS failures FROM (
SELECT *
FROM "finance_aggregate"."monthly_revenue"
WHERE "revenue_month" IS NULL
) AS failing_rows;
