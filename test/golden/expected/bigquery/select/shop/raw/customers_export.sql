
select * from `crm-project.exports.customers`

