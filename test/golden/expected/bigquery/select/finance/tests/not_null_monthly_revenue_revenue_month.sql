SELECT *
FROM `golden-project.finance_aggregate.monthly_revenue`
WHERE `revenue_month` IS NULL
