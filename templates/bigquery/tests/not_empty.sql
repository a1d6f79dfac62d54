SELECT row_count
FROM (SELECT count(*) AS row_count FROM {{relation}}) AS counted
WHERE row_count = 0
