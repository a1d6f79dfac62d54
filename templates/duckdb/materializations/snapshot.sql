{{!-- A snapshot's later builds, in one transaction (current_timestamp is the transaction's start,
the same in every statement): the query's rows, one per key, are staged; current versions that
changed are closed and new ones opened; keys the query no longer returns are left, closed
(invalidate), or closed and given a version marked deleted (new_record). A new version is valid
from its updated_at (timestamp) or the build's time (check); from the build's time as well when its
updated_at is not after the key's last recorded instant, so that versions never overlap. --}}
{{#*inline "now"}}CAST(timezone('UTC', current_timestamp) AS TIMESTAMP){{/inline}}
{{#*inline "same_key"}}{{#each unique_key}}{{#unless @first}} AND {{/unless}}{{../a}}.{{this}} IS NOT DISTINCT FROM {{../b}}.{{this}}{{/each}}{{/inline}}
{{#*inline "version_id"}}md5(concat_ws('|', {{#each unique_key}}coalesce(CAST({{../a}}.{{this}} AS VARCHAR), ''), {{/each}}CAST({{at}} AS VARCHAR))){{/inline}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
WITH source AS (
  SELECT query.*, {{#if updated_at}}coalesce(CAST(query.{{updated_at}} AS TIMESTAMP), {{> now}}){{else}}{{> now}}{{/if}} AS __mesh_valid_from
  FROM (
{{sql}}
  ) AS query
  QUALIFY row_number() OVER (PARTITION BY {{#each unique_key}}{{#unless @first}}, {{/unless}}query.{{this}}{{/each}} ORDER BY {{#if updated_at}}query.{{updated_at}} DESC NULLS LAST, {{/if}}md5(CAST(query AS VARCHAR))) = 1
), history AS (
  SELECT {{join unique_key ", "}}, max(greatest(valid_from, coalesce(valid_to, valid_from))) AS __mesh_seen
  FROM {{relation}}
  GROUP BY ALL
)
SELECT source.* EXCLUDE (__mesh_valid_from),
  CASE WHEN history.__mesh_seen IS NULL OR source.__mesh_valid_from > history.__mesh_seen THEN source.__mesh_valid_from ELSE {{> now}} END AS __mesh_from
FROM source
LEFT JOIN history ON {{> same_key a="history" b="source"}}
{{/statement}}
{{#statement rows=true}}
UPDATE {{relation}} AS target
SET valid_to = source.__mesh_from, is_current = FALSE
FROM {{temp}} AS source
WHERE target.is_current AND {{> same_key a="target" b="source"}}
  AND (target.is_deleted{{#if updated_at}}
    OR source.{{updated_at}} > target.{{updated_at}}
    OR (target.{{updated_at}} IS NULL AND source.{{updated_at}} IS NOT NULL){{/if}}{{#each check_cols}}
    OR source.{{this}} IS DISTINCT FROM target.{{this}}{{/each}})
{{/statement}}
{{#unless (eq hard_deletes "ignore")}}
{{#statement rows=true}}
UPDATE {{relation}} AS target
SET valid_to = {{> now}}, is_current = FALSE
WHERE target.is_current AND NOT target.is_deleted
  AND NOT EXISTS (SELECT 1 FROM {{temp}} AS source WHERE {{> same_key a="target" b="source"}})
{{/statement}}
{{/unless}}
{{#if (eq hard_deletes "new_record")}}
{{#statement rows=true}}
INSERT INTO {{relation}} BY NAME
SELECT target.* EXCLUDE (snapshot_id, valid_from, valid_to, is_current, is_deleted),
  {{> version_id a="target" at="CAST(timezone('UTC', current_timestamp) AS TIMESTAMP)"}} AS snapshot_id,
  {{> now}} AS valid_from,
  CAST(NULL AS TIMESTAMP) AS valid_to,
  TRUE AS is_current,
  TRUE AS is_deleted
FROM {{relation}} AS target
WHERE target.valid_to = {{> now}} AND NOT target.is_deleted
  AND NOT EXISTS (SELECT 1 FROM {{temp}} AS source WHERE {{> same_key a="target" b="source"}})
{{/statement}}
{{/if}}
{{#statement rows=true}}
INSERT INTO {{relation}} BY NAME
SELECT source.* EXCLUDE (__mesh_from),
  {{> version_id a="source" at="source.__mesh_from"}} AS snapshot_id,
  source.__mesh_from AS valid_from,
  CAST(NULL AS TIMESTAMP) AS valid_to,
  TRUE AS is_current,
  FALSE AS is_deleted
FROM {{temp}} AS source
WHERE NOT EXISTS (SELECT 1 FROM {{relation}} AS target WHERE target.is_current AND {{> same_key a="target" b="source"}})
{{/statement}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
{{#statement}}COMMIT{{/statement}}
