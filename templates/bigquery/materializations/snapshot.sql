{{!-- A snapshot's later builds: one statement stages every change (CURRENT_TIMESTAMP() is the
same throughout it): versions to close (changed, back after a delete, or deleted with hard_deletes
invalidate or new_record) and versions to open (new or changed keys, deletion markers); one MERGE
applies them, matching the versions to close by snapshot_id. A new version is valid from its
updated_at (timestamp) or the build's time (check); from the build's time as well when its
updated_at is not after the key's last recorded instant, so that versions never overlap. The
staged rows follow the table's column order: a query whose columns were reordered or changed
fails here (the history cannot be rebuilt from the query; see docs/snapshots.md). Without the
table's columns (a plan made without the warehouse) the MERGE cannot name them, so an UPDATE and
an INSERT in one transaction apply the same changes. --}}
{{#*inline "same_key"}}{{#each unique_key}}{{#unless @first}} AND {{/unless}}{{../a}}.{{this}} IS NOT DISTINCT FROM {{../b}}.{{this}}{{/each}}{{/inline}}
{{#*inline "version_id"}}TO_HEX(MD5(ARRAY_TO_STRING([{{#each unique_key}}COALESCE(CAST({{../a}}.{{this}} AS STRING), ''), {{/each}}CAST({{at}} AS STRING)], '|'))){{/inline}}
{{#statement}}
CREATE OR REPLACE TEMP TABLE {{temp}} AS
WITH query AS (
  SELECT query.*, {{#if updated_at}}COALESCE(CAST(query.{{updated_at}} AS TIMESTAMP), CURRENT_TIMESTAMP()){{else}}CURRENT_TIMESTAMP(){{/if}} AS __mesh_valid_from
  FROM (
{{sql}}
  ) AS query
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY {{#each unique_key}}{{#unless @first}}, {{/unless}}query.{{this}}{{/each}} ORDER BY {{#if updated_at}}query.{{updated_at}} DESC NULLS LAST, {{/if}}TO_JSON_STRING(query)) = 1
), history AS (
  SELECT {{join unique_key ", "}}, MAX(GREATEST(valid_from, COALESCE(valid_to, valid_from))) AS __mesh_seen
  FROM {{relation}}
  GROUP BY {{join unique_key ", "}}
), source AS (
  SELECT query.* EXCEPT (__mesh_valid_from),
    IF(history.__mesh_seen IS NULL OR query.__mesh_valid_from > history.__mesh_seen, query.__mesh_valid_from, CURRENT_TIMESTAMP()) AS __mesh_from
  FROM query
  LEFT JOIN history ON {{> same_key a="history" b="query"}}
), current_versions AS (
  SELECT * FROM {{relation}} WHERE is_current
), changed AS (
  SELECT target.snapshot_id, source.__mesh_from
  FROM current_versions AS target
  JOIN source ON {{> same_key a="target" b="source"}}
  WHERE target.is_deleted{{#if updated_at}}
    OR source.{{updated_at}} > target.{{updated_at}}
    OR (target.{{updated_at}} IS NULL AND source.{{updated_at}} IS NOT NULL){{/if}}{{#each check_cols}}
    OR source.{{this}} IS DISTINCT FROM target.{{this}}{{/each}}
), deleted AS (
  SELECT target.*
  FROM current_versions AS target
  WHERE NOT target.is_deleted
    AND NOT EXISTS (SELECT 1 FROM source WHERE {{> same_key a="target" b="source"}})
)
SELECT target.*, target.snapshot_id AS __mesh_closes, changed.__mesh_from AS __mesh_close_at
FROM current_versions AS target
JOIN changed USING (snapshot_id)
{{#unless (eq hard_deletes "ignore")}}
UNION ALL
SELECT deleted.*, deleted.snapshot_id, CURRENT_TIMESTAMP()
FROM deleted
{{/unless}}
{{#if (eq hard_deletes "new_record")}}
UNION ALL
SELECT deleted.* EXCEPT (snapshot_id, valid_from, valid_to, is_current, is_deleted),
  {{> version_id a="deleted" at="CURRENT_TIMESTAMP()"}},
  CURRENT_TIMESTAMP(), CAST(NULL AS TIMESTAMP), TRUE, TRUE, CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP)
FROM deleted
{{/if}}
UNION ALL
SELECT source.* EXCEPT (__mesh_from),
  {{> version_id a="source" at="source.__mesh_from"}},
  source.__mesh_from, CAST(NULL AS TIMESTAMP), TRUE, FALSE, CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP)
FROM source
WHERE NOT EXISTS (
  SELECT 1 FROM current_versions AS target
  LEFT JOIN changed USING (snapshot_id)
  WHERE {{> same_key a="target" b="source"}} AND changed.snapshot_id IS NULL
)
{{/statement}}
{{#if columns}}
{{#statement rows=true}}
MERGE {{relation}} AS target
USING {{temp}} AS source
ON target.snapshot_id = source.__mesh_closes
WHEN MATCHED THEN UPDATE SET valid_to = source.__mesh_close_at, is_current = FALSE
WHEN NOT MATCHED BY TARGET THEN INSERT ({{#each columns}}{{this}}, {{/each}}snapshot_id, valid_from, valid_to, is_current, is_deleted)
VALUES ({{#each columns}}source.{{this}}, {{/each}}source.snapshot_id, source.valid_from, source.valid_to, source.is_current, source.is_deleted)
{{/statement}}
{{else}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement rows=true}}
UPDATE {{relation}} AS target
SET valid_to = source.__mesh_close_at, is_current = FALSE
FROM {{temp}} AS source
WHERE target.snapshot_id = source.__mesh_closes
{{/statement}}
{{#statement rows=true}}
INSERT INTO {{relation}}
SELECT * EXCEPT (__mesh_closes, __mesh_close_at) FROM {{temp}} WHERE __mesh_closes IS NULL
{{/statement}}
{{#statement}}COMMIT TRANSACTION{{/statement}}
{{/if}}
{{#statement}}DROP TABLE {{temp}}{{/statement}}
