#!/usr/bin/env bash
# Benchmark: the bank job on full-size generated data, timed as a whole process.
#   bench/bank.sh [extra ./etl options, e.g. --runner=SparkRunner --sparkMaster=local[2]]
# Generates bench/data/bank/bank_transactions.csv once (1,048,567 rows, seed 42), builds first so
# the build is not timed, then reports wall time, rows/s and peak RSS (GNU time) of ./etl bank.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BENCH_ROWS=N: a smaller data set of N rows (e.g. 100000 for the direct runner, which cannot take full size)
DATA=bench/data/bank${BENCH_ROWS:+-$BENCH_ROWS}
OUT=$DATA-out
mkdir -p "$DATA" bench/results
[ -f "$DATA/bank_transactions.csv" ] || ./etl generate bank --output="$DATA" ${BENCH_ROWS:+--rows=$BENCH_ROWS}
./etl --help > /dev/null   # build outside the timing
command -v /usr/bin/time > /dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

# The DuckDB baseline in the same invocation: the job's time is reported as a ratio to it.
duck=$(bench/duckdb.sh bank "$DATA/bank_transactions.csv" "$DATA-duckdb")
echo "baseline: $duck"
duck_wall=$(echo "$duck" | grep -o 'duckdb_wall_s=[0-9.]*' | cut -d= -f2)
duck_cpu=$(echo "$duck" | grep -o 'duckdb_cpu_s=[0-9.]*' | cut -d= -f2)
LOG=$(mktemp)
load_before=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -v ./etl bank --input="$DATA/bank_transactions.csv" --output="$OUT" "$@" > "$LOG.out" 2> "$LOG"
rows=$(grep -o '"rows_read" : [0-9]*' "$LOG.out" | grep -o '[0-9]*$')
runner=$(grep -o '"runner" : "[A-Za-z]*"' "$LOG.out" | cut -d'"' -f4)
wall=$(grep 'Elapsed (wall clock)' "$LOG" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss_kb=$(grep 'Maximum resident set size' "$LOG" | awk '{print $NF}')
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$LOG")
grep '^reconciliation:' "$LOG.out"
# Check what was written, with an independent engine: rows in the Parquet files = rows_clean.
DUCKDB_JAR=$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | tail -1)
clean=$(grep -o '"rows_clean" : [0-9]*' "$LOG.out" | grep -o '[0-9]*$')
written=$(java -cp "$DUCKDB_JAR" bench/tools/DuckQuery.java \
  "SELECT count(*) FROM read_parquet('$OUT/transactions/*/*.parquet')" | tr -d ' ')
echo "written: $written transactions in Parquet (rows_clean $clean)"
[ "$written" = "$clean" ] || { echo "MISMATCH: the Parquet files do not hold rows_clean rows" >&2; exit 1; }
customers=$(grep -o '"customers" : [0-9]*' "$LOG.out" | grep -o '[0-9]*$')
customer_rows=$(java -cp "$DUCKDB_JAR" bench/tools/DuckQuery.java \
  "SELECT count(*) FROM read_parquet('$OUT/customers/*.parquet')" | tr -d ' ')
echo "written: $customer_rows customers in Parquet (customers $customers)"
[ "$customer_rows" = "$customers" ] || { echo "MISMATCH: customers written differ from the summary" >&2; exit 1; }
# Planted suspicious transactions (the generator's answer key) must all be found with their reason.
if [ -f "$DATA/planted_suspicious.tsv" ]; then
  java -cp "$DUCKDB_JAR" bench/tools/DuckQuery.java \
    "SELECT p.reason, count(*) AS planted, count(s.transaction_id) AS found FROM read_csv('$DATA/planted_suspicious.tsv', delim='\t', header=true) p LEFT JOIN read_parquet('$OUT/suspicious_transactions/*.parquet') s USING (transaction_id, reason) GROUP BY 1 ORDER BY 1" \
    | tee "$LOG.planted" | sed 's/^/planted found: /'
  awk '$2 != $3 { bad = 1 } END { exit bad }' "$LOG.planted" || { echo "MISSED: planted suspicious transactions not found" >&2; exit 1; }
fi
line=$(printf '%s bank %s rows=%s wall_s=%s rows_per_s=%.0f peak_rss_mb=%.0f duckdb_wall_s=%s ratio=%.1f cpu_s=%s duckdb_cpu_s=%s cpu_ratio=%.1f load_before=%s args=%s' \
  "$(date -u +%FT%TZ)" "$runner" "$rows" "$wall" "$(echo "$rows / $wall" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" "$duck_wall" "$(echo "$wall / $duck_wall" | bc -l)" "$cpu" "$duck_cpu" "$(echo "$cpu / $duck_cpu" | bc -l)" "$load_before" "$*")
echo "$line"
echo "$line" >> bench/results/bank.txt
rm -f "$LOG" "$LOG.out" "$LOG.planted"
