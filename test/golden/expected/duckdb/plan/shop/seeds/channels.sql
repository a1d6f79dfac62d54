-- seed.shop.channels: seed
-- reports rows
CREATE OR REPLACE TABLE "shop_seeds"."channels" AS
SELECT * FROM read_csv_auto('domains/shop/seeds/channels.csv', header = true);
