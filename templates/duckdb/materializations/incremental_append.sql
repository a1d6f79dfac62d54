{{#statement rows=true}}
INSERT INTO {{relation}} BY NAME
SELECT * FROM (
{{sql}}
)
{{/statement}}
