#!/usr/bin/env bash
# The DuckDB baseline of a job, timed as a whole process with GNU time (same way as the job):
#   bench/duckdb.sh bank|music INPUT OUTPUT_DIR   prints "duckdb_wall_s=S duckdb_cpu_s=C duckdb_peak_rss_mb=M rows=N"
# bench/bank.sh and bench/music.sh run it in the same invocation as the job and report the job's
# time as a ratio to it (absolute times move a lot on a shared machine; the ratio much less, and
# the ratio of CPU seconds, user + system, least: it holds even when other work takes the cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
job=$1 input=$2 out=$3
DUCKDB_JAR=$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | tail -1)
CLASSES=$(mktemp -d)
javac -d "$CLASSES" bench/tools/DuckQuery.java   # compile outside the timing
rm -rf "$out"; mkdir -p "$out"
# COPY ... TO a single file needs its folder
[ "$job" = bank ] || mkdir -p "$out"/{tracks,listens,top_tracks,top_artists,top_genres,user_top_tracks}
LOG=$(mktemp)
/usr/bin/time -v java -cp "$CLASSES:$DUCKDB_JAR" DuckQuery --file "bench/sql/$job.sql" IN="$input" OUT="$out" TOPN=10 > "$LOG.out" 2> "$LOG" \
  || { cat "$LOG" >&2; exit 1; }
wall=$(grep 'Elapsed (wall clock)' "$LOG" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss_kb=$(grep 'Maximum resident set size' "$LOG" | awk '{print $NF}')
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$LOG")
printf 'duckdb_wall_s=%s duckdb_cpu_s=%s duckdb_peak_rss_mb=%.0f rows=%s\n' "$wall" "$cpu" "$(echo "$rss_kb / 1024" | bc -l)" "$(tr -d ' ' < "$LOG.out")"
rm -rf "$CLASSES" "$LOG" "$LOG.out"
