md5({{#each columns as |c|}}{{#unless @first}} || '-' || {{/unless}}coalesce(CAST({{c}} AS VARCHAR), '_dbt_utils_surrogate_key_null_'){{/each}})
