SELECT {{join columns ", "}}, count(*) AS occurrences
FROM {{relation}}
GROUP BY {{join columns ", "}}
HAVING count(*) > 1
