#!/usr/bin/env bash
# Benchmark: a daily incremental bank run against a full rebuild, in one invocation.
#   bench/incremental.sh            (BENCH_SCALES="1 4", BENCH_RUNNERS="SparkRunner FlinkRunner")
# Per scale: generates the bank file (1x: 1,048,567 rows; 4x: --rows=4194268, the same date window,
# so every day holds 4x the rows), splits it by transaction date into daily files
# (bank_YYYY-MM-DD.csv; lines without a valid date go to bank_0000-00-00.csv), then per runner:
#   A  full run over all days                      (the baseline; at 1x only, BENCH_BASELINE_4X=1 for 4x too)
#   B  full run over all days but the last          (the history the increment starts from)
#   C  --incremental over all days = the last day   (timed; on Spark with an event log, per-stage report)
# and appends one line per run to bench/results/incremental.txt: wall time, peak RSS (GNU time),
# the load average before it, and C/A ratios. Checks C published what A did (transactions and
# customers counts from the summaries). JOB_ARGS="--storageLevel=NONE" adds options to every run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALES=${BENCH_SCALES:-"1 4"}
RUNNERS=${BENCH_RUNNERS:-"SparkRunner FlinkRunner"}
RESULTS=bench/results/incremental.txt
mkdir -p bench/results
command -v /usr/bin/time > /dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
./etl --help > /dev/null   # build outside the timing

split_by_day() { # CSV → one file per transaction date, lines byte for byte
  python3 - "$1" "$2" <<'PY'
import csv, datetime, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
files = {}
with open(src, 'rb') as f:
    header = f.readline()
    for raw in f:
        day = '0000-00-00'
        try:
            fields = next(csv.reader([raw.decode('utf-8', 'replace').rstrip('\r\n')]))
            if len(fields) == 9:
                day = datetime.datetime.strptime(fields[6], '%d/%m/%y').date().isoformat()
        except (ValueError, StopIteration, csv.Error):
            pass
        if day not in files:
            files[day] = open(os.path.join(out, 'bank_%s.csv' % day), 'wb')
            files[day].write(header)
        files[day].write(raw)
for f in files.values():
    f.close()
PY
}

# timed RUN_NAME OUTPUT_LOG ./etl args... : prints "wall_s rss_mb"
timed() {
  local log=$1; shift
  /usr/bin/time -v "$@" > "$log.out" 2> "$log.err" || { tail -20 "$log.err" >&2; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log.err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$log.err" | awk '{printf "%.0f", $NF/1024}')
  echo "$wall $rss"
}
figure() { grep -o "\"$2\" : [0-9]*" "$1.out" | head -1 | grep -o '[0-9]*$' || echo 0; }

for scale in $SCALES; do
  DATA=bench/data/incremental-${scale}x
  if [ ! -f "$DATA/gen/bank_transactions.csv" ]; then
    if [ "$scale" = 1 ]; then ./etl generate bank --output="$DATA/gen"
    else ./etl generate bank --output="$DATA/gen" --rows=$((1048567 * scale)); fi
  fi
  [ -d "$DATA/days" ] || split_by_day "$DATA/gen/bank_transactions.csv" "$DATA/days"
  DAYS=$(cd "$DATA/days" && ls bank_*.csv | wc -l)
  LAST=$(cd "$DATA/days" && ls bank_*.csv | tail -1)
  HISTORY=$(ls "$PWD/$DATA"/days/bank_*.csv | grep -v "/$LAST\$" | paste -sd, -)
  last_rows=$(( $(wc -l < "$DATA/days/$LAST") - 1 ))
  for runner in $RUNNERS; do
    OUT=$PWD/$DATA/out-$runner
    rm -rf "$OUT-full" "$OUT-incr" "$OUT-events"; mkdir -p "$OUT-events"
    LOG=$DATA/log-$runner
    base_wall=""; base_rss=""
    if [ "$scale" = 1 ] || [ "${BENCH_BASELINE_4X:-0}" = 1 ]; then
      load=$(cut -d' ' -f1 /proc/loadavg)
      read -r base_wall base_rss < <(timed "$LOG-A" ./etl bank --input="$PWD/$DATA/days/*.csv" --output="$OUT-full" --runner="$runner" ${JOB_ARGS:-})
      echo "$(date -u +%FT%TZ) incremental ${scale}x $runner A_full_all_days${JOB_ARGS:+ options=${JOB_ARGS// /,}} days=$DAYS rows_read=$(figure "$LOG-A" rows_read) wall_s=$base_wall peak_rss_mb=$base_rss load_before=$load" | tee -a "$RESULTS"
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    read -r hist_wall hist_rss < <(timed "$LOG-B" ./etl bank --input="$HISTORY" --output="$OUT-incr" --runner="$runner" ${JOB_ARGS:-})
    echo "$(date -u +%FT%TZ) incremental ${scale}x $runner B_full_history${JOB_ARGS:+ options=${JOB_ARGS// /,}} days=$((DAYS - 1)) rows_read=$(figure "$LOG-B" rows_read) wall_s=$hist_wall peak_rss_mb=$hist_rss load_before=$load" | tee -a "$RESULTS"
    load=$(cut -d' ' -f1 /proc/loadavg)
    events=""
    [ "$runner" = SparkRunner ] && events="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file://$OUT-events"
    read -r inc_wall inc_rss < <(ETL_JAVA_OPTS="${ETL_JAVA_OPTS:-} $events" timed "$LOG-C" ./etl bank --input="$PWD/$DATA/days/*.csv" --output="$OUT-incr" --runner="$runner" --incremental ${JOB_ARGS:-})
    grep -q '"mode" : "incremental"' "$LOG-C.out" || { echo "the increment did not run incrementally" >&2; exit 1; }
    grep '^reconciliation:' "$LOG-C.out" | sed 's/^/  C /'
    line="$(date -u +%FT%TZ) incremental ${scale}x $runner C_increment${JOB_ARGS:+ options=${JOB_ARGS// /,}} last_day=$LAST rows_read=$(figure "$LOG-C" rows_read) (day has $last_rows) history_rows=$(figure "$LOG-B" rows_read) wall_s=$inc_wall peak_rss_mb=$inc_rss load_before=$load"
    if [ -n "$base_wall" ]; then
      line="$line wall_ratio_to_full=$(echo "scale=3; $inc_wall / $base_wall" | bc) rss_ratio_to_full=$(echo "scale=3; $inc_rss / $base_rss" | bc)"
      for key in transactions_published customers_published suspicious_rows; do
        a=$(figure "$LOG-A" "$key"); c=$(figure "$LOG-C" "$key")
        [ "$key" = transactions_published ] && a=$(figure "$LOG-A" rows_written)
        [ "$key" = customers_published ] && a=$(figure "$LOG-A" customers)
        [ "$a" = "$c" ] || { echo "MISMATCH $key: full $a, after the increment $c" >&2; exit 1; }
      done
      line="$line same_published_counts_as_full=yes"
    fi
    echo "$line" | tee -a "$RESULTS"
    if [ "$runner" = SparkRunner ] && ls "$OUT-events"/* > /dev/null 2>&1; then
      python3 bench/cluster/shuffle-report.py "$(ls -t "$OUT-events"/* | head -1)" --top=12 > "$DATA/stages-$runner.txt" || true
      echo "  per-stage report of the increment: $DATA/stages-$runner.txt"
    fi
  done
done
