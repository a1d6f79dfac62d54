SELECT * FROM read_csv_auto('domains/shop/seeds/channels.csv', header = true)
