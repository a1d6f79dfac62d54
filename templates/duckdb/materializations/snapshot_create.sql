{{!-- A snapshot's first build: one version per key, the current state. A key the query returns
more than once keeps one row: the latest updated_at (timestamp), then the same row every run. --}}
{{#*inline "now"}}CAST(timezone('UTC', current_timestamp) AS TIMESTAMP){{/inline}}
{{#if replaces}}{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement rows=true}}
CREATE OR REPLACE TABLE {{relation}} AS
WITH source AS (
  SELECT query.*, {{#if updated_at}}coalesce(CAST(query.{{updated_at}} AS TIMESTAMP), {{> now}}){{else}}{{> now}}{{/if}} AS __mesh_valid_from
  FROM (
{{sql}}
  ) AS query
  QUALIFY row_number() OVER (PARTITION BY {{#each unique_key}}{{#unless @first}}, {{/unless}}query.{{this}}{{/each}} ORDER BY {{#if updated_at}}query.{{updated_at}} DESC NULLS LAST, {{/if}}md5(CAST(query AS VARCHAR))) = 1
)
SELECT source.* EXCLUDE (__mesh_valid_from),
  md5(concat_ws('|', {{#each unique_key}}coalesce(CAST(source.{{this}} AS VARCHAR), ''), {{/each}}CAST(source.__mesh_valid_from AS VARCHAR))) AS snapshot_id,
  source.__mesh_valid_from AS valid_from,
  CAST(NULL AS TIMESTAMP) AS valid_to,
  TRUE AS is_current,
  FALSE AS is_deleted
FROM source
{{/statement}}
{{#if replaces}}{{#statement}}COMMIT{{/statement}}{{/if}}
