{{!-- One MERGE (one atomic DML statement) on the unique key: matched rows get every column of the
new row, others are inserted. The columns are the existing table's: a column the query no longer
returns fails the statement (run --full-refresh), a new one is left out until then. Keys compare
with `=`, as in dbt-bigquery: a row whose key is NULL never matches and is inserted on every run.
Without the table's columns (a plan made without the warehouse) BigQuery's MERGE cannot name them,
so the rows are replaced by delete and insert in one transaction instead. --}}
{{#if columns}}
{{#statement rows=true}}
MERGE {{relation}} AS target
USING (
{{sql}}
) AS source
ON {{#each unique_key}}{{#unless @first}} AND {{/unless}}target.{{this}} = source.{{this}}{{/each}}
WHEN MATCHED THEN UPDATE SET {{#each columns}}{{#unless @first}}, {{/unless}}{{this}} = source.{{this}}{{/each}}
WHEN NOT MATCHED THEN INSERT ({{join columns ", "}}) VALUES ({{join columns ", "}})
{{/statement}}
{{else}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
{{sql}}
{{/statement}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}
DELETE FROM {{relation}} AS target
WHERE EXISTS (SELECT 1 FROM {{temp}} AS source WHERE {{#each unique_key}}{{#unless @first}} AND {{/unless}}target.{{this}} = source.{{this}}{{/each}})
{{/statement}}
{{#statement rows=true}}INSERT INTO {{relation}} SELECT * FROM {{temp}}{{/statement}}
{{#statement}}COMMIT TRANSACTION{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
{{/if}}
