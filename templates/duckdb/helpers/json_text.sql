json_extract_string({{expr}}, {{quote path}})
