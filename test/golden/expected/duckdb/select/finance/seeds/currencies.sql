SELECT * FROM read_csv('domains/finance/seeds/currencies.csv', header = true, delim = ',', quote = '"', escape = '"')
