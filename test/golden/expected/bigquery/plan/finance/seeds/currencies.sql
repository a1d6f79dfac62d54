-- seed.finance.currencies: seed
-- reports rows
CREATE OR REPLACE TABLE `golden-project.finance_seeds.currencies` AS
SELECT * FROM UNNEST(ARRAY<STRING>[
  'EUR',
  'USD'
]) AS currency;
