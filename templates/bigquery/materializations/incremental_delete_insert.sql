{{!-- Rows whose key the new data has are deleted, then the new rows inserted, in one DML transaction.
The temp table is made before the transaction (only DML changes what readers see) and replaced if a
failed run left one in the session. INSERT names the existing table's columns (BigQuery matches by
position otherwise); without them (a plan made without the warehouse) it inserts SELECT *. --}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
{{sql}}
{{/statement}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}
DELETE FROM {{relation}} AS target
WHERE EXISTS (SELECT 1 FROM {{temp}} AS source WHERE {{#each unique_key}}{{#unless @first}} AND {{/unless}}target.{{this}} = source.{{this}}{{/each}})
{{/statement}}
{{#statement rows=true}}
{{#if columns}}
INSERT INTO {{relation}} ({{join columns ", "}})
SELECT {{join columns ", "}} FROM {{temp}}
{{else}}
INSERT INTO {{relation}} SELECT * FROM {{temp}}
{{/if}}
{{/statement}}
{{#statement}}COMMIT TRANSACTION{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
