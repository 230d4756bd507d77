-- Transactions, customers and amount per day.
SELECT transaction_date, count(*) AS transactions, count(DISTINCT customer_id) AS customers,
       round(sum(amount_inr), 2) AS amount_inr
FROM db_banks.transactions
GROUP BY transaction_date
ORDER BY transaction_date
