date_diff({{quote part}}, {{start}}, {{end}})
