#!/usr/bin/env bash
# Benchmark: the music job on full-size generated data, timed as a whole process.
#   bench/music.sh [extra ./etl options, e.g. --runner=SparkRunner --sparkMaster=local[2]]
# Generates bench/data/music/ once (50,683 tracks, 9,711,301 listens, seed 42), builds first so the
# build is not timed, then reports wall time, listens/s and peak RSS (GNU time) of ./etl music and
# re-counts the written Parquet with DuckDB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BENCH_LISTENS=N: a smaller data set of N listens (e.g. 100000 for the direct runner, which cannot take full size)
# BENCH_TRACKS=N: a smaller catalog too (the direct runner pays per key: 50k track keys alone take minutes)
DATA=bench/data/music${BENCH_LISTENS:+-$BENCH_LISTENS}${BENCH_TRACKS:+-$BENCH_TRACKS-tracks}
OUT=$DATA-out
mkdir -p "$DATA" bench/results
[ -f "$DATA/User_Listening_History.csv" ] || ./etl generate music --output="$DATA" ${BENCH_LISTENS:+--listens=$BENCH_LISTENS} ${BENCH_TRACKS:+--tracks=$BENCH_TRACKS}
./etl --help > /dev/null   # build outside the timing
command -v /usr/bin/time > /dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

ARGS="$*"
# The DuckDB baseline in the same invocation: the job's time is reported as a ratio to it.
duck=$(bench/duckdb.sh music "$DATA" "$DATA-duckdb")
echo "baseline: $duck"
duck_wall=$(echo "$duck" | grep -o 'duckdb_wall_s=[0-9.]*' | cut -d= -f2)
duck_cpu=$(echo "$duck" | grep -o 'duckdb_cpu_s=[0-9.]*' | cut -d= -f2)
LOG=$(mktemp)
load_before=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -v ./etl music --input="$DATA" --output="$OUT" "$@" > "$LOG.out" 2> "$LOG"
figure() { grep -o "\"$1\" : [0-9]*" "$LOG.out" | grep -o '[0-9]*$'; }
rows=$(figure listens_read)
runner=$(grep -o '"runner" : "[A-Za-z]*"' "$LOG.out" | cut -d'"' -f4)
wall=$(grep 'Elapsed (wall clock)' "$LOG" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss_kb=$(grep 'Maximum resident set size' "$LOG" | awk '{print $NF}')
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$LOG")
grep '^reconciliation:' "$LOG.out"
# Check what was written, with an independent engine.
DUCKDB_JAR=$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | tail -1)
count() { java -cp "$DUCKDB_JAR" bench/tools/DuckQuery.java "SELECT count(*) FROM read_parquet('$OUT/$1/*.parquet')" | tr -d ' '; }
# user_segments keeps every snapshot: count this run's (the summary's snapshot_date) partition
snapshot=$(grep -o '"snapshot_date" : "[0-9-]*"' "$LOG.out" | cut -d'"' -f4)
for check in "listens listens_clean" "tracks tracks_clean" "user_segments/snapshot_date=$snapshot users"; do
  set -- $check
  written=$(count "$1"); expected=$(figure "$2")
  echo "written: $written rows in $1/ ($2 $expected)"
  [ "$written" = "$expected" ] || { echo "MISMATCH: $1/ does not hold $2 rows" >&2; exit 1; }
done
line=$(printf '%s music %s listens=%s wall_s=%s listens_per_s=%.0f peak_rss_mb=%.0f duckdb_wall_s=%s ratio=%.1f cpu_s=%s duckdb_cpu_s=%s cpu_ratio=%.1f load_before=%s args=%s' \
  "$(date -u +%FT%TZ)" "$runner" "$rows" "$wall" "$(echo "$rows / $wall" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" "$duck_wall" "$(echo "$wall / $duck_wall" | bc -l)" "$cpu" "$duck_cpu" "$(echo "$cpu / $duck_cpu" | bc -l)" "$load_before" "$ARGS")
echo "$line"
echo "$line" >> bench/results/music.txt
rm -f "$LOG" "$LOG.out"
