{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement}}
CREATE OR REPLACE VIEW {{relation}} AS
{{sql}}
{{/statement}}
