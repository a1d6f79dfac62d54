SELECT {{column}} AS value, count(*) AS occurrences
FROM {{relation}}
WHERE {{column}} NOT IN ({{join values ", "}})
GROUP BY {{column}}
