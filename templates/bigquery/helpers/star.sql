{{prefix}}*{{#if columns}} EXCEPT ({{join columns ", "}}){{/if}}
