{{!-- After a run: the nodes that built (or whose description changed) record their fingerprints,
      the ones that failed forget theirs; one MERGE per call, never a row per node (DML quotas). --}}
{{#if forget}}{{#statement}}DELETE FROM {{state}} WHERE node_id IN ({{#each forget as |id|}}{{#unless @first}}, {{/unless}}{{quote id}}{{/each}}){{/statement}}{{/if}}
{{#if rows}}{{#statement}}
MERGE INTO {{state}} AS state
USING (
  SELECT * FROM UNNEST([
{{#each rows as |row|}}    {{#unless @first}}, {{/unless}}STRUCT({{quote row.node_id}} AS node_id, {{quote row.relation}} AS relation, {{quote row.data}} AS data_fingerprint, {{quote row.metadata}} AS metadata_fingerprint)
{{/each}}  ])
) AS built
ON state.node_id = built.node_id
WHEN MATCHED THEN UPDATE SET
  relation = built.relation, data_fingerprint = built.data_fingerprint,
  metadata_fingerprint = built.metadata_fingerprint, built_at = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (node_id, relation, data_fingerprint, metadata_fingerprint, built_at)
  VALUES (built.node_id, built.relation, built.data_fingerprint, built.metadata_fingerprint, CURRENT_TIMESTAMP())
{{/statement}}{{/if}}
