#!/usr/bin/env bash
# Runs every query of queries/ with ./etl query (DuckDB) over the jobs' output and lists its row
# count and wall time: bench/query-pack.sh BANK_OUTPUT MUSIC_OUTPUT (default: bench/data/out/{bank,music},
# the full-size outputs). Appends to bench/results/queries.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BANK="${1:-$ROOT/bench/data/out/bank}"
MUSIC="${2:-$ROOT/bench/data/out/music}"
RESULTS="$ROOT/bench/results/queries.txt"
mkdir -p "$ROOT/bench/results"
echo "# $(date -u +%FT%TZ) bank=$BANK music=$MUSIC load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
for query in "$ROOT"/queries/*.sql; do
  start=$(date +%s.%N)
  # CSV: a header line, then one line per row (no value of these queries holds a line break)
  lines=$("$ROOT/etl" query --bank="$BANK" --music="$MUSIC" --file="$query" --format=csv | wc -l)
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%-48s %10d rows %7.1f s\n' "$(basename "$query")" "$((lines - 1))" "$seconds" | tee -a "$RESULTS"
done
