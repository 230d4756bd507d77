-- DuckDB baseline for the bank job's core work (bench/bank.sh times it beside the job):
-- parse, fix the dates, reject bad rows, dedup by transaction id (first line wins),
-- write Hive-partitioned snappy Parquet by transaction date. ${IN}, ${OUT}: set by bench/duckdb.sh.
SET threads = 2;
SET memory_limit = '3GB';
CREATE TEMP TABLE parsed AS
SELECT pos, transaction_id, customer_id, gender, location, account_balance, transaction_date, transaction_time, amount_inr,
       CASE WHEN dob IS NULL OR year(dob) < 1900 THEN NULL
            WHEN dob > transaction_date THEN dob - INTERVAL 100 YEAR ELSE dob END::DATE AS customer_dob
FROM (
  SELECT row_number() OVER () AS pos,
         trim(TransactionID) AS transaction_id,
         trim(CustomerID) AS customer_id,
         CASE WHEN length(split_part(CustomerDOB, '/', 3)) = 4 THEN try_strptime(CustomerDOB, '%d/%m/%Y')
              ELSE try_strptime(CustomerDOB, '%d/%m/%y') END::DATE AS dob,
         nullif(trim(CustGender), '') AS gender,
         nullif(trim(CustLocation), '') AS location,
         try_cast(nullif(trim(CustAccountBalance), '') AS DOUBLE) AS account_balance,
         try_strptime(TransactionDate, '%d/%m/%y')::DATE AS transaction_date,
         strftime(try_strptime(lpad(trim(TransactionTime), 6, '0'), '%H%M%S'), '%H:%M:%S') AS transaction_time,
         try_cast(trim("TransactionAmount (INR)") AS DOUBLE) AS amount_inr
  FROM read_csv('${IN}', header = true, all_varchar = true, null_padding = true, ignore_errors = true))
WHERE transaction_id <> '' AND customer_id <> '' AND transaction_date IS NOT NULL
  AND transaction_time IS NOT NULL AND amount_inr >= 0;
COPY (
  SELECT transaction_id, customer_id, customer_dob, gender, location, account_balance, transaction_time, amount_inr, transaction_date
  FROM parsed QUALIFY row_number() OVER (PARTITION BY transaction_id ORDER BY pos) = 1
) TO '${OUT}/transactions' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (transaction_date), OVERWRITE_OR_IGNORE);
SELECT count(*) AS transactions FROM read_parquet('${OUT}/transactions/*/*.parquet');
