-- Transactions, customers and amount per month (YYYY-MM).
SELECT substr(CAST(transaction_date AS varchar), 1, 7) AS transaction_month, count(*) AS transactions,
       count(DISTINCT customer_id) AS customers, round(sum(amount_inr), 2) AS amount_inr
FROM db_banks.transactions
GROUP BY substr(CAST(transaction_date AS varchar), 1, 7)
ORDER BY transaction_month
