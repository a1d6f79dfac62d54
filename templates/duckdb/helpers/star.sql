{{prefix}}*{{#if columns}} EXCLUDE ({{join columns ", "}}){{/if}}
