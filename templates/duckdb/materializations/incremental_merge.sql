{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
{{sql}}
{{/statement}}
{{#statement rows=true}}
MERGE INTO {{relation}} AS target
USING {{temp}} AS source
ON ({{#each unique_key}}{{#unless @first}} AND {{/unless}}target.{{this}} = source.{{this}}{{/each}})
WHEN MATCHED THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *
{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
{{#statement}}COMMIT{{/statement}}
