{{!-- A snapshot's first build: one version per key, the current state. A key the query returns
more than once keeps one row: the latest updated_at (timestamp), then the same row every run. --}}
{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement rows=true}}
CREATE OR REPLACE TABLE {{relation}} AS
WITH source AS (
  SELECT query.*, {{#if updated_at}}COALESCE(CAST(query.{{updated_at}} AS TIMESTAMP), CURRENT_TIMESTAMP()){{else}}CURRENT_TIMESTAMP(){{/if}} AS __mesh_valid_from
  FROM (
{{sql}}
  ) AS query
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY {{#each unique_key}}{{#unless @first}}, {{/unless}}query.{{this}}{{/each}} ORDER BY {{#if updated_at}}query.{{updated_at}} DESC NULLS LAST, {{/if}}TO_JSON_STRING(query)) = 1
)
SELECT source.* EXCEPT (__mesh_valid_from),
  TO_HEX(MD5(ARRAY_TO_STRING([{{#each unique_key}}COALESCE(CAST(source.{{this}} AS STRING), ''), {{/each}}CAST(source.__mesh_valid_from AS STRING)], '|'))) AS snapshot_id,
  source.__mesh_valid_from AS valid_from,
  CAST(NULL AS TIMESTAMP) AS valid_to,
  TRUE AS is_current,
  FALSE AS is_deleted
FROM source
{{/statement}}
