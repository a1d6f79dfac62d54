{{!-- Publish: the view switches to the audited candidate; the data it served before is dropped. --}}
{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement}}CREATE OR REPLACE VIEW {{relation}} AS SELECT * FROM {{candidate}}{{/statement}}
{{#each previous}}{{#statement}}DROP TABLE IF EXISTS {{this}}{{/statement}}{{/each}}
