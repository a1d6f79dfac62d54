{{!-- INSERT names the existing table's columns, since BigQuery matches by position otherwise; without
them (a plan made without the warehouse) it inserts SELECT *. A column the query no longer returns
fails the statement: run --full-refresh. --}}
{{#statement rows=true}}
{{#if columns}}
INSERT INTO {{relation}} ({{join columns ", "}})
SELECT {{join columns ", "}} FROM (
{{sql}}
)
{{else}}
INSERT INTO {{relation}}
SELECT * FROM (
{{sql}}
)
{{/if}}
{{/statement}}
