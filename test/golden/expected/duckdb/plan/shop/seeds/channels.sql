-- seed.shop.channels: seed
-- reports rows
CREATE OR REPLACE TABLE "shop_seeds"."channels" AS
SELECT * FROM read_csv('domains/shop/seeds/channels.csv', header = true, delim = ',', quote = '"', escape = '"', types = {'commission_rate': 'decimal', 'launched_on': 'date', 'channel': 'varchar'});
