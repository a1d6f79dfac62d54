SELECT *
FROM {{relation}}
WHERE NOT ({{expression}})
