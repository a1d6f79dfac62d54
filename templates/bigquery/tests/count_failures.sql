SELECT count(*) AS failures FROM (
{{sql}}
) AS failing_rows
