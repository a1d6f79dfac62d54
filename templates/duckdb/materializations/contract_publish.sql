{{!-- Publish: the view switches to the audited candidate and the published state records the
      contract, in one transaction; the data the view served before is dropped after. --}}
{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement}}CREATE OR REPLACE VIEW {{relation}} AS SELECT * FROM {{candidate}}{{/statement}}
{{#statement}}DELETE FROM {{state}} WHERE domain = {{quote domain}} AND product = {{quote product}} AND major = {{major}}{{/statement}}
{{#statement}}
INSERT INTO {{state}} VALUES (
  {{quote contract_id}}, {{quote domain}}, {{quote product}}, {{major}}, {{quote version}},
  {{quote definition}}, CAST(timezone('UTC', current_timestamp) AS TIMESTAMP)
)
{{/statement}}
{{#statement}}COMMIT{{/statement}}
{{#each previous}}{{#statement}}DROP TABLE IF EXISTS {{this}}{{/statement}}{{/each}}
