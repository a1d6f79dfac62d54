/*
description: >
  A share rounded to `scale` decimals, NULL when the denominator is zero (no division error).
params: [numerator, denominator, {scale: 4}]
*/
round({{numerator}} / nullif({{denominator}}, 0), {{scale}})
