{{!-- Write: the contract's data as it would be published, in a relation no consumer reads. --}}
{{#statement rows=true}}
CREATE OR REPLACE TABLE {{candidate}} AS
{{sql}}
{{/statement}}
