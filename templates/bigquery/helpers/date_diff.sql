DATE_DIFF(DATE({{end}}), DATE({{start}}), {{#if (eq part "week")}}ISOWEEK{{else}}{{PART}}{{/if}})
