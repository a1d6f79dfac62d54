{{!-- CREATE OR REPLACE is one atomic statement: if the query fails, the old table stays. --}}
{{#if replaces}}{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement rows=true}}
CREATE OR REPLACE TABLE {{relation}} AS
{{sql}}
{{/statement}}
{{#if replaces}}{{#statement}}COMMIT{{/statement}}{{/if}}
