{{!-- Publish: the view switches to the audited candidate and the published state records the
      contract; the data the view served before is dropped after. --}}
{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement}}CREATE OR REPLACE VIEW {{relation}} AS SELECT * FROM {{candidate}}{{/statement}}
{{!-- One MERGE, not DELETE then INSERT: contract steps run side by side, and a single atomic
      statement per publish cannot interleave with another's. --}}
{{#statement}}
MERGE INTO {{state}} AS state
USING (
  SELECT {{quote contract_id}} AS contract_id, {{quote domain}} AS domain, {{quote product}} AS product,
    {{major}} AS major, {{quote version}} AS version, {{quote definition}} AS definition,
    CURRENT_TIMESTAMP() AS published_at
) AS published
ON state.domain = published.domain AND state.product = published.product AND state.major = published.major
WHEN MATCHED THEN UPDATE SET
  contract_id = published.contract_id, version = published.version, definition = published.definition,
  published_at = published.published_at
WHEN NOT MATCHED THEN INSERT (contract_id, domain, product, major, version, definition, published_at)
  VALUES (published.contract_id, published.domain, published.product, published.major, published.version,
    published.definition, published.published_at)
{{/statement}}
{{#each previous}}{{#statement}}DROP TABLE IF EXISTS {{this}}{{/statement}}{{/each}}
