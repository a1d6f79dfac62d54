TO_HEX(MD5(CONCAT({{#each columns as |c|}}{{#unless @first}}, '-', {{/unless}}coalesce(CAST({{c}} AS STRING), '_dbt_utils_surrogate_key_null_'){{/each}})))
