{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
{{sql}}
{{/statement}}
{{#statement}}
DELETE FROM {{relation}}
WHERE ({{join unique_key ", "}}) IN (SELECT {{join unique_key ", "}} FROM {{temp}})
{{/statement}}
{{#statement rows=true}}INSERT INTO {{relation}} BY NAME SELECT * FROM {{temp}}{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
{{#statement}}COMMIT{{/statement}}
