{{!-- Each node's last good build, created once before a build's steps run. --}}
{{#statement}}
CREATE TABLE IF NOT EXISTS {{state}} (
  node_id VARCHAR, relation VARCHAR, data_fingerprint VARCHAR, metadata_fingerprint VARCHAR,
  built_at TIMESTAMP
)
{{/statement}}
