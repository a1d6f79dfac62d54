{{!-- BigQuery's MERGE has no UPDATE SET *: replace matched rows, then insert, in one DML transaction.
The temp table is made before the transaction (only DML changes what readers see) and replaced if a
failed run left one in the session. INSERT matches columns by position: a changed column list needs
--full-refresh. --}}
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
