{{!-- The published state, created once before a build's contract steps run side by side. --}}
{{#statement}}
CREATE TABLE IF NOT EXISTS {{state}} (
  contract_id VARCHAR, domain VARCHAR, product VARCHAR, major INTEGER, version VARCHAR,
  definition VARCHAR, published_at TIMESTAMP
)
{{/statement}}
