-- Customers and their spend per RFM segment x age band x gender.
SELECT segment, age_band, coalesce(gender, 'unknown') AS gender_code,
       count(*) AS customers, round(sum(monetary), 2) AS amount_inr
FROM db_banks.customer_segments
GROUP BY segment, age_band, coalesce(gender, 'unknown')
ORDER BY segment, age_band, gender_code
