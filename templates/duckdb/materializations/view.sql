{{#if replaces}}{{#statement}}BEGIN TRANSACTION{{/statement}}
{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement}}
CREATE OR REPLACE VIEW {{relation}} AS
{{sql}}
{{/statement}}
{{#if replaces}}{{#statement}}COMMIT{{/statement}}{{/if}}
