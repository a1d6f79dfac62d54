SELECT *
FROM "finance_aggregate"."monthly_revenue"
WHERE "channel" IS NULL
