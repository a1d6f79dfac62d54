SELECT child.`channel` AS value
FROM `golden-project.finance_aggregate.monthly_revenue` AS child
LEFT JOIN `golden-project.shop_seeds.channels` AS parent ON child.`channel` = parent.`channel`
WHERE child.`channel` IS NOT NULL AND parent.`channel` IS NULL
