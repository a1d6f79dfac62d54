{{!-- The audits failed: the candidate goes, the public view keeps serving the last good data. --}}
{{#statement}}DROP TABLE IF EXISTS {{candidate}}{{/statement}}
