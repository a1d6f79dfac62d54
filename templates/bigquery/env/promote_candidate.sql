{{!-- mesh env promote, first step (the environment's side): the audited candidate its public view
      reads is renamed out of the names its next publish drops (`__mesh_<view>__*`), and its view
      follows it. Nothing in the target changes yet. --}}
{{#statement}}ALTER TABLE {{candidate}} RENAME TO {{promoted_name}}{{/statement}}
{{#statement}}CREATE OR REPLACE VIEW {{env_relation}} AS SELECT * FROM {{promoted}}{{/statement}}
