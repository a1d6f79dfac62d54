SELECT *
FROM `golden-project.finance_aggregate.monthly_revenue`
WHERE `channel` IS NULL
