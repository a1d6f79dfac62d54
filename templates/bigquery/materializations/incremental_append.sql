{{!-- INSERT matches columns by position (BigQuery has no BY NAME): a changed column list needs --full-refresh. --}}
{{#statement rows=true}}
INSERT INTO {{relation}}
SELECT * FROM (
{{sql}}
)
{{/statement}}
