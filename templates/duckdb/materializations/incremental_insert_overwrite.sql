{{!-- insert_overwrite as on BigQuery: the table's rows whose partition value the new rows have are
deleted (NULL being a partition too, so a rerun changes nothing) and the new rows inserted, in one
transaction. The partition value is the field truncated to the granularity (DuckDB has no DATETIME:
a BigQuery datetime is a timestamp here); for int64, as on BigQuery, the field's value. --}}
{{#*inline "partition"}}
{{~#if (eq data_type "int64")}}{{field}}{{else}}date_trunc({{quote granularity}}, {{field}}){{/if~}}
{{/inline}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
{{sql}}
{{/statement}}
{{#statement}}
DELETE FROM {{relation}}
WHERE {{> partition partition_by}} IN (SELECT {{> partition partition_by}} FROM {{temp}})
  OR ({{> partition partition_by}} IS NULL AND EXISTS (SELECT 1 FROM {{temp}} WHERE {{> partition partition_by}} IS NULL))
{{/statement}}
{{#statement rows=true}}INSERT INTO {{relation}} BY NAME SELECT * FROM {{temp}}{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
{{#statement}}COMMIT{{/statement}}
