-- model.shop.customers_export: view
CREATE OR REPLACE VIEW `golden-project.shop_raw.customers_export` AS

select * from `crm-project.exports.customers`;
