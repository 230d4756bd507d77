#!/usr/bin/env bash
# Soak benchmark (not a test): bank-stream on embedded Flink with --checkpointLocation, fed by
# ./etl replay at RATE lines/s for DURATION seconds (defaults 5,000/s for 1,800 s), broker, replay
# and job on this machine. Every SAMPLE_SECONDS: the job's resident memory (and its peak, VmHWM),
# the size of its newest checkpoint and the load average; at the end the event-to-alert latency
# (p50/p99) per SAMPLE_SECONDS of input, and how many alerts were repeated. Flat columns mean the
# state expiry keeps up: memory, checkpoints and latency do not grow with the stream's length.
#   bench/stream-soak.sh            RATE=5000 DURATION=1800 CHECKPOINT_INTERVAL_MS=10000 SAMPLE_SECONDS=60
#                                   JOB_ARGS="--customerHistoryHorizon=2d" (more bank-stream options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RATE=${RATE:-5000}
DURATION=${DURATION:-1800}
INTERVAL=${CHECKPOINT_INTERVAL_MS:-10000}
SAMPLE=${SAMPLE_SECONDS:-60}
ROWS=$((RATE * DURATION))
DATA=bench/data/soak-$ROWS
WORK=bench/data/soak
mkdir -p bench/results
[ -f "$DATA/bank_transactions.csv" ] || ./etl generate bank --output="$DATA" --rows="$ROWS"
./etl --help > /dev/null   # build outside the timing
rm -rf "$WORK" && mkdir -p "$WORK"
CP="$(cat pipelines/target/etl.classpath)"
TOOL=(java -Xmx2g -cp "$CP" bench/tools/StreamLatency.java)

./etl local-kafka --dir="$WORK/kafka" --port=0 > "$WORK/kafka.out" 2>&1 &
KAFKA_PID=$!
trap 'kill $KAFKA_PID 2>/dev/null; wait $KAFKA_PID 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q -- '--bootstrapServers=' "$WORK/kafka.out" && break; sleep 1; done
BS=$(grep -o -- '--bootstrapServers=[0-9.:]*' "$WORK/kafka.out" | cut -d= -f2)
"${TOOL[@]}" create "$BS" tx 2

./etl bank-stream --bootstrapServers="$BS" --inputTopic=tx --alertsTopic=alerts --rejectedTopic=rejected \
  --checkpointLocation="$WORK/checkpoints" --checkpointingInterval="$INTERVAL" \
  --stopAfterIdle=60s --maxBundleTimeMills=100 ${JOB_ARGS:-} > "$WORK/job.out" 2>&1 &
JOB=$!
sleep "${WARMUP:-45}"
RESULTS=bench/results/stream-soak-$(date -u +%Y%m%dT%H%M%SZ).txt
./etl replay bank --input="$DATA/bank_transactions.csv" --bootstrapServers="$BS" --topic=tx --rate="$RATE" > "$WORK/replay.out" 2>&1 &
REPLAY=$!
{ echo "== bank-stream soak: $RATE lines/s for $DURATION s, checkpoints every $INTERVAL ms, options: ${JOB_ARGS:-defaults}, $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "elapsed_s rss_mb peak_rss_mb checkpoint_mb load_1m"; } | tee "$RESULTS"
t0=$(date +%s)
while kill -0 "$REPLAY" 2>/dev/null; do
  sleep "$SAMPLE"
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$JOB/status" 2>/dev/null || echo -)
  hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$JOB/status" 2>/dev/null || echo -)
  chk=$(ls -dt "$WORK"/checkpoints/*/chk-* 2>/dev/null | head -1 || true)
  size=$([ -n "$chk" ] && du -sm "$chk" | cut -f1 || echo -)
  echo "$(($(date +%s) - t0)) $rss $hwm $size $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
done
wait "$REPLAY"
wait "$JOB" || { echo "bank-stream failed, see $WORK/job.out" >&2; exit 1; }
{ cat "$WORK/replay.out"; grep 'final' "$WORK/job.out" | tail -1
  "${TOOL[@]}" buckets "$BS" tx alerts "$SAMPLE"; } | tee -a "$RESULTS"
echo "results in $RESULTS"
