{{!-- Each node's last good build, created once before a build's steps run. --}}
{{#statement}}
CREATE TABLE IF NOT EXISTS {{state}} (
  node_id STRING, relation STRING, data_fingerprint STRING, metadata_fingerprint STRING,
  built_at TIMESTAMP
)
{{/statement}}
