#!/usr/bin/env bash
# Benchmark (not a test): bank-stream on embedded Flink fed by ./etl replay at increasing rates.
#   bench/stream.sh            RATES="1000 5000 10000 20000" SECONDS_PER_RATE=60 by default
#                              CHECKPOINTS="off on": each rate without and with --checkpointLocation
#                              (CHECKPOINT_INTERVAL_MS=10000), back to back in one invocation
# Broker, job and replay all run on this machine (2 cores): the figures are for all three together,
# and the machine may be shared with other work (the load average is printed with each run).
# Per rate: a fresh input topic whose timestamps are the broker's append times (LogAppendTime; the
# job takes event time from the CSV line, not from the timestamp), RATE x SECONDS_PER_RATE lines of
# the full-size generated file replayed with --rate, the job drained with --stopAfterIdle; then
# latency = alert detected_at - append time of its input line (p50/p95/p99), and whether the job kept
# up (the last alert soon after the last input line).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RATES=${RATES:-"1000 5000 10000 20000"}
CHECKPOINTS=${CHECKPOINTS:-off}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-60}
DATA=bench/data/bank
WORK=bench/data/stream
mkdir -p "$DATA" bench/results
[ -f "$DATA/bank_transactions.csv" ] || ./etl generate bank --output="$DATA"
./etl --help > /dev/null   # build outside the timing
rm -rf "$WORK" && mkdir -p "$WORK"
CP="$(cat pipelines/target/etl.classpath)"
TOOL=(java -cp "$CP" bench/tools/StreamLatency.java)

./etl local-kafka --dir="$WORK/kafka" --port=0 > "$WORK/kafka.out" 2>&1 &
KAFKA_PID=$!
trap 'kill $KAFKA_PID 2>/dev/null; wait $KAFKA_PID 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q -- '--bootstrapServers=' "$WORK/kafka.out" && break; sleep 1; done
BS=$(grep -o -- '--bootstrapServers=[0-9.:]*' "$WORK/kafka.out" | cut -d= -f2)
echo "broker at $BS"

RESULTS=bench/results/stream-$(date -u +%Y%m%dT%H%M%SZ).txt
for rate in $RATES; do
for checkpoints in $CHECKPOINTS; do
  run="$rate-$checkpoints"
  lines=$((rate * SECONDS_PER_RATE))
  head -n $((lines + 1)) "$DATA/bank_transactions.csv" > "$WORK/input.csv"
  "${TOOL[@]}" create "$BS" "tx-$run" 2
  CHECKPOINT_ARGS=()
  [ "$checkpoints" = on ] && CHECKPOINT_ARGS=(--checkpointLocation="$WORK/checkpoints-$run" --checkpointingInterval="${CHECKPOINT_INTERVAL_MS:-10000}")
  # the job first: its Flink start-up (~30-60 s here) must not count as latency
  ./etl bank-stream --bootstrapServers="$BS" --inputTopic="tx-$run" --alertsTopic="alerts-$run" --rejectedTopic="rejected-$run" \
    --stopAfterIdle=60s --maxBundleTimeMills=100 "${CHECKPOINT_ARGS[@]}" > "$WORK/job-$run.out" 2>&1 &
  JOB=$!
  sleep "${WARMUP:-45}"
  load=$(cut -d' ' -f1 /proc/loadavg)
  ./etl replay bank --input="$WORK/input.csv" --bootstrapServers="$BS" --topic="tx-$run" --rate="$rate" | tee "$WORK/replay-$run.out"
  wait $JOB || { echo "bank-stream failed at $run, see $WORK/job-$run.out" >&2; exit 1; }
  grep 'final' "$WORK/job-$run.out" | tail -1
  { echo "== rate $rate/s, checkpoints $checkpoints, $lines lines, load average at start $load"; cat "$WORK/replay-$run.out"; grep 'final' "$WORK/job-$run.out" | tail -1;
    "${TOOL[@]}" measure "$BS" "tx-$run" "alerts-$run"; } | tee -a "$RESULTS"
done
done
echo "results in $RESULTS"
