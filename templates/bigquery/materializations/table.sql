{{!-- CREATE OR REPLACE is one atomic job: if the query fails, the old table stays. --}}
{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement rows=true}}
CREATE OR REPLACE TABLE {{relation}} AS
{{sql}}
{{/statement}}
