{{!-- After a run: the nodes that built (or whose description changed) record their fingerprints,
      the ones that failed forget theirs, in one transaction; one MERGE, never a row per node. --}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#if forget}}{{#statement}}DELETE FROM {{state}} WHERE node_id IN ({{#each forget as |id|}}{{#unless @first}}, {{/unless}}{{quote id}}{{/each}}){{/statement}}{{/if}}
{{#if rows}}{{#statement}}
MERGE INTO {{state}} AS state
USING (
  SELECT * FROM (VALUES
{{#each rows as |row|}}    {{#unless @first}}, {{/unless}}({{quote row.node_id}}, {{quote row.relation}}, {{quote row.data}}, {{quote row.metadata}})
{{/each}}  ) AS built(node_id, relation, data_fingerprint, metadata_fingerprint)
) AS built
ON state.node_id = built.node_id
WHEN MATCHED THEN UPDATE SET
  relation = built.relation, data_fingerprint = built.data_fingerprint,
  metadata_fingerprint = built.metadata_fingerprint, built_at = CAST(timezone('UTC', current_timestamp) AS TIMESTAMP)
WHEN NOT MATCHED THEN INSERT (node_id, relation, data_fingerprint, metadata_fingerprint, built_at)
  VALUES (built.node_id, built.relation, built.data_fingerprint, built.metadata_fingerprint,
    CAST(timezone('UTC', current_timestamp) AS TIMESTAMP))
{{/statement}}{{/if}}
{{#statement}}COMMIT{{/statement}}
