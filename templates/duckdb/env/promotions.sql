{{!-- The target's record of the candidates its public views read from environments (mesh env
      promote); mesh env drop refuses while one is still read. Created once. --}}
{{#statement}}
CREATE TABLE IF NOT EXISTS {{promotions}} (
  environment VARCHAR, node_id VARCHAR, domain VARCHAR, product VARCHAR, major INTEGER,
  relation VARCHAR, candidate VARCHAR, published_at TIMESTAMP
)
{{/statement}}
