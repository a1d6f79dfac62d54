DATE_TRUNC(DATE({{expr}}), {{#if (eq part "week")}}ISOWEEK{{else}}{{PART}}{{/if}})
