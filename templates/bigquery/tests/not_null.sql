SELECT *
FROM {{relation}}
WHERE {{column}} IS NULL
