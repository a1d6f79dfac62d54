TRY_CAST({{expr}} AS {{sql_type}})
