-- The 10 locations with the most transactions, with their customers and amount.
SELECT location, count(*) AS transactions, count(DISTINCT customer_id) AS customers,
       round(sum(amount_inr), 2) AS amount_inr
FROM db_banks.transactions
WHERE location IS NOT NULL
GROUP BY location
ORDER BY transactions DESC, location
LIMIT 10
