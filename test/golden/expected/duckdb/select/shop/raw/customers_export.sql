
select * from read_csv_auto('domains/shop/data/customers_export.csv')

