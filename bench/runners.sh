#!/usr/bin/env bash
# The runner table: both jobs at full size on the embedded Spark (local[2]) and Flink ([local], 2
# slots), and on the direct runner with 100,000 rows / listens (it cannot take full size; for music
# also a 2,000-track catalog, since it pays per key and 50k track keys alone take many minutes).
# One run each, one after the other; every line lands in bench/results/{bank,music}.txt with the
# machine's load before the run (other work on the 2 cores skews a figure).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for runner in SparkRunner FlinkRunner; do
  bench/bank.sh --runner="$runner"
  bench/music.sh --runner="$runner"
done
BENCH_ROWS=100000 bench/bank.sh --runner=DirectRunner
BENCH_LISTENS=100000 BENCH_TRACKS=2000 bench/music.sh --runner=DirectRunner
