SELECT * FROM UNNEST(ARRAY<STRUCT<channel STRING, label STRING, launched_on DATE, commission_rate NUMERIC, is_marketplace BOOL, updated_at TIMESTAMP>>[
  ('web', 'Web shop', DATE '2023-01-01', CAST('0' AS NUMERIC), false, TIMESTAMP '2024-01-01 10:00:00'),
  ('app', 'App (iOS, Android)', DATE '2024-02-15', CAST('0.0' AS NUMERIC), false, TIMESTAMP '2024-02-15 08:30:00'),
  ('partner', 'Partner\'s shop\n(EU)', NULL, CAST('0.15' AS NUMERIC), true, TIMESTAMP '2024-03-01 00:00:00')
])
