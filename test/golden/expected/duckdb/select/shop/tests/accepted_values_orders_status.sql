SELECT "status" AS value, count(*) AS occurrences
FROM "shop_cleaned"."orders"
WHERE "status" NOT IN ('placed', 'paid')
GROUP BY "status"
