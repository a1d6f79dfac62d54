SELECT child.{{column}} AS value
FROM {{relation}} AS child
LEFT JOIN {{to_relation}} AS parent ON child.{{column}} = parent.{{field}}
WHERE child.{{column}} IS NOT NULL AND parent.{{field}} IS NULL
