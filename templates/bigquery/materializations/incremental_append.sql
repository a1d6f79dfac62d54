{{#statement rows=true}}
INSERT INTO {{relation}}
SELECT * FROM (
{{sql}}
)
{{/statement}}
