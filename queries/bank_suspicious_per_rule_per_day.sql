-- Suspicious-transaction hits per fraud rule and day, with the customers and amount involved.
SELECT reason, transaction_date, count(*) AS hits, count(DISTINCT customer_id) AS customers,
       round(sum(amount_inr), 2) AS amount_inr
FROM db_banks.suspicious_transactions
GROUP BY reason, transaction_date
ORDER BY reason, transaction_date
