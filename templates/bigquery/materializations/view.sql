{{#if replaces}}{{#statement}}DROP {{replaces}} IF EXISTS {{relation}}{{/statement}}{{/if}}
{{#statement}}
CREATE OR REPLACE VIEW {{relation}}{{#if labels}}
OPTIONS(labels=[{{#each labels}}{{#unless @first}}, {{/unless}}({{quote key}}, {{quote value}}){{/each}}]){{/if}} AS
{{sql}}
{{/statement}}
