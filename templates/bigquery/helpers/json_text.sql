JSON_VALUE({{expr}}, {{quote path}})
