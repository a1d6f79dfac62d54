{{!-- mesh env drop: one of the environment's schemas, with everything in it. --}}
{{#statement}}DROP SCHEMA IF EXISTS {{schema}} CASCADE{{/statement}}
