SELECT * FROM read_csv_auto('domains/finance/seeds/currencies.csv', header = true)
