{{!-- The target's record of the candidates its public views read from environments (mesh env
      promote); mesh env drop refuses while one is still read. Created once. --}}
{{#statement}}
CREATE TABLE IF NOT EXISTS {{promotions}} (
  environment STRING, node_id STRING, domain STRING, product STRING, major INT64,
  relation STRING, candidate STRING, published_at TIMESTAMP
)
{{/statement}}
