-- model.shop.customers_export: view
CREATE OR REPLACE VIEW "shop_raw"."customers_export" AS

select * from read_csv_auto('domains/shop/data/customers_export.csv');
