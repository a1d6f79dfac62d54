/*
description: Every value of the column is at least min (0 unless the use says otherwise); NULLs pass.
params: [{min: 0}]
*/
select {{column}} as value
from {{model}}
where {{column}} < {{min}}
