CAST(date_trunc({{quote part}}, {{expr}}) AS DATE)
