-- seed.finance.currencies: seed
-- reports rows
CREATE OR REPLACE TABLE "finance_seeds"."currencies" AS
SELECT * FROM read_csv('domains/finance/seeds/currencies.csv', header = true, delim = ',', quote = '"', escape = '"');
