CREATE OR REPLACE TEMP TABLE `__mesh_tmp_check_name` AS
WITH query AS (
  SELECT query.*, CURRENT_TIMESTAMP() AS __mesh_valid_from
  FROM (

select id, region, name, updated_at from `lab-prod.crm_seeds.customers`

  ) AS query
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY query.`id` ORDER BY TO_JSON_STRING(query)) = 1
), history AS (
  SELECT `id`, MAX(GREATEST(valid_from, COALESCE(valid_to, valid_from))) AS __mesh_seen
  FROM `lab-prod.crm_cleaned.check_name`
  GROUP BY `id`
), source AS (
  SELECT query.* EXCEPT (__mesh_valid_from),
    IF(history.__mesh_seen IS NULL OR query.__mesh_valid_from > history.__mesh_seen, query.__mesh_valid_from, CURRENT_TIMESTAMP()) AS __mesh_from
  FROM query
  LEFT JOIN history ON history.`id` IS NOT DISTINCT FROM query.`id`
), current_versions AS (
  SELECT * FROM `lab-prod.crm_cleaned.check_name` WHERE is_current
), changed AS (
  SELECT target.snapshot_id, source.__mesh_from
  FROM current_versions AS target
  JOIN source ON target.`id` IS NOT DISTINCT FROM source.`id`
  WHERE target.is_deleted
    OR source.`name` IS DISTINCT FROM target.`name`
), deleted AS (
  SELECT target.*
  FROM current_versions AS target
  WHERE NOT target.is_deleted
    AND NOT EXISTS (SELECT 1 FROM source WHERE target.`id` IS NOT DISTINCT FROM source.`id`)
)
SELECT target.*, target.snapshot_id AS __mesh_closes, changed.__mesh_from AS __mesh_close_at
FROM current_versions AS target
JOIN changed USING (snapshot_id)
UNION ALL
SELECT source.* EXCEPT (__mesh_from),
  TO_HEX(MD5(ARRAY_TO_STRING([COALESCE(CAST(source.`id` AS STRING), ''), CAST(source.__mesh_from AS STRING)], '|'))),
  source.__mesh_from, CAST(NULL AS TIMESTAMP), TRUE, FALSE, CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP)
FROM source
WHERE NOT EXISTS (
  SELECT 1 FROM current_versions AS target
  LEFT JOIN changed USING (snapshot_id)
  WHERE target.`id` IS NOT DISTINCT FROM source.`id` AND changed.snapshot_id IS NULL
);

MERGE `lab-prod.crm_cleaned.check_name` AS target
USING `__mesh_tmp_check_name` AS source
ON target.snapshot_id = source.__mesh_closes
WHEN MATCHED THEN UPDATE SET valid_to = source.__mesh_close_at, is_current = FALSE
WHEN NOT MATCHED BY TARGET THEN INSERT (`id`, `region`, `name`, `updated_at`, snapshot_id, valid_from, valid_to, is_current, is_deleted)
VALUES (source.`id`, source.`region`, source.`name`, source.`updated_at`, source.snapshot_id, source.valid_from, source.valid_to, source.is_current, source.is_deleted);

DROP TABLE `__mesh_tmp_check_name`;
