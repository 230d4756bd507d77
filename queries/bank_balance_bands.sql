-- Customers per account-balance band, with their average balance and spend, lowest band first.
SELECT s.balance_band, count(*) AS customers, round(avg(c.account_balance), 2) AS avg_balance_inr,
       round(avg(s.monetary), 2) AS avg_spend_inr
FROM db_banks.customer_segments s
JOIN db_banks.customers c ON c.customer_id = s.customer_id
GROUP BY s.balance_band
ORDER BY CASE s.balance_band WHEN '<10k' THEN 1 WHEN '10k-100k' THEN 2 WHEN '100k-1M' THEN 3 WHEN '1M+' THEN 4 ELSE 5 END
