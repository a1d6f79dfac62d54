{{!-- Days and weeks count as DuckDB's date_diff does: day boundaries, and whole 7-day spans of them (DIV truncates toward zero). --}}
{{#if (eq part "week")}}DIV(DATE_DIFF(DATE({{end}}), DATE({{start}}), DAY), 7){{else}}DATE_DIFF(DATE({{end}}), DATE({{start}}), {{PART}}){{/if}}
