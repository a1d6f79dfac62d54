{{!-- The same statements as incremental_merge: see there. --}}
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
