SELECT * FROM read_csv('domains/shop/seeds/channels.csv', header = true, delim = ',', quote = '"', escape = '"', types = {'commission_rate': 'decimal', 'launched_on': 'date', 'channel': 'varchar'})
