{{!-- CREATE OR REPLACE is one atomic job: if the query fails, the old table stays. A rebuilt table
keeps its layout, as it is created again with the same clauses. BigQuery refuses to replace a table
whose partitioning differs: with --full-refresh (`recreate`) the table is dropped first. --}}
{{#*inline "partition"}}
{{~#if (eq data_type "int64")}}RANGE_BUCKET({{field}}, GENERATE_ARRAY({{range.start}}, {{range.end}}, {{range.interval}}))
{{~else if (eq data_type "date")}}{{#if (eq granularity "DAY")}}{{field}}{{else}}DATE_TRUNC({{field}}, {{granularity}}){{/if}}
{{~else if (eq data_type "datetime")}}DATETIME_TRUNC({{field}}, {{granularity}})
{{~else}}TIMESTAMP_TRUNC({{field}}, {{granularity}}){{/if~}}
{{/inline}}
{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#if recreate}}{{#statement}}DROP TABLE IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement rows=true}}
CREATE OR REPLACE TABLE {{relation}}{{#if partition_by}}
PARTITION BY {{> partition partition_by}}{{/if}}{{#if cluster_by}}
CLUSTER BY {{join cluster_by ", "}}{{/if}}{{#if options}}
OPTIONS({{#each options}}{{#unless @first}}, {{/unless}}{{@key}}={{#if (eq @key "labels")}}[{{#each this}}{{#unless @first}}, {{/unless}}({{quote key}}, {{quote value}}){{/each}}]{{else}}{{this}}{{/if}}{{/each}}){{/if}} AS
{{sql}}
{{/statement}}
