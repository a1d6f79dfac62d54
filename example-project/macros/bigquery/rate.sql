/*
description: BigQuery's own safe division; the same result as macros/rate.sql.
params: [numerator, denominator, {scale: 4}]
*/
round(safe_divide({{numerator}}, {{denominator}}), {{scale}})
