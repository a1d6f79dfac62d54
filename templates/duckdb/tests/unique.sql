SELECT {{column}} AS value, count(*) AS occurrences
FROM {{relation}}
WHERE {{column}} IS NOT NULL
GROUP BY {{column}}
HAVING count(*) > 1
