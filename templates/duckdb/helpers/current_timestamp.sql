CAST(timezone('UTC', current_timestamp) AS TIMESTAMP)
