{{!-- The published state, created once before a build's contract steps run side by side. --}}
{{#statement}}
CREATE TABLE IF NOT EXISTS {{state}} (
  contract_id STRING, domain STRING, product STRING, major INT64, version STRING,
  definition STRING, published_at TIMESTAMP
)
{{/statement}}
