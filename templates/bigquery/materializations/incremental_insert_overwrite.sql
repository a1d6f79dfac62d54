{{!-- Replaces the partitions the new rows touch, as dbt-bigquery's dynamic insert_overwrite does: the
new rows go to a temp table, the partitions they touch into variables, then one MERGE (atomic)
deletes the table's rows in those partitions and inserts the new ones. Unlike dbt, the NULL
partition counts: new rows with a NULL partition value replace the table's, so a rerun changes
nothing. For int64 ranges, as in dbt, a "partition" is a value of the field (partition pruning
needs the bare column). DECLARE comes first: BigQuery wants it at the start of the script. --}}
{{#*inline "partition"}}
{{~#if (eq data_type "int64")}}{{alias}}{{field}}
{{~else if (eq data_type "date")}}{{#if (eq granularity "DAY")}}{{alias}}{{field}}{{else}}DATE_TRUNC({{alias}}{{field}}, {{granularity}}){{/if}}
{{~else if (eq data_type "datetime")}}DATETIME_TRUNC({{alias}}{{field}}, {{granularity}})
{{~else}}TIMESTAMP_TRUNC({{alias}}{{field}}, {{granularity}}){{/if~}}
{{/inline}}
{{#statement}}DECLARE _mesh_partitions ARRAY<{{#with partition_by}}{{#if (eq data_type "int64")}}INT64{{else if (eq data_type "date")}}DATE{{else if (eq data_type "datetime")}}DATETIME{{else}}TIMESTAMP{{/if}}{{/with}}>{{/statement}}
{{#statement}}DECLARE _mesh_null_partition BOOL{{/statement}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
{{sql}}
{{/statement}}
{{#statement}}
SET (_mesh_partitions, _mesh_null_partition) = (
  SELECT AS STRUCT ARRAY_AGG(DISTINCT {{> partition partition_by alias=""}} IGNORE NULLS), LOGICAL_OR({{> partition partition_by alias=""}} IS NULL)
  FROM {{temp}}
)
{{/statement}}
{{#statement rows=true}}
MERGE {{relation}} AS target
USING {{temp}} AS source
ON FALSE
WHEN NOT MATCHED BY SOURCE
  AND ({{> partition partition_by alias="target."}} IN UNNEST(_mesh_partitions) OR (_mesh_null_partition AND {{> partition partition_by alias="target."}} IS NULL))
  THEN DELETE
{{#if columns}}
WHEN NOT MATCHED THEN INSERT ({{join columns ", "}}) VALUES ({{join columns ", "}})
{{else}}
WHEN NOT MATCHED THEN INSERT ROW
{{/if}}
{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
