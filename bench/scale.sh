#!/usr/bin/env bash
# Issue 14's scaling points: a job at 0.25×, 1× and 4× of the full-size data on one runner, each
# run with its DuckDB baseline in the same invocation (bench/bank.sh, bench/music.sh), one after
# the other; the lines land in bench/results/{bank,music}.txt.
#   bench/scale.sh bank|music [./etl options, e.g. --runner=FlinkRunner]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
job=${1:?usage: bench/scale.sh bank|music [./etl options]}
shift
case "$job" in
  bank)
    BENCH_ROWS=262142 bench/bank.sh "$@"
    bench/bank.sh "$@"
    BENCH_ROWS=4194268 bench/bank.sh "$@"
    ;;
  music)
    BENCH_LISTENS=2427825 bench/music.sh "$@"
    bench/music.sh "$@"
    BENCH_LISTENS=38845204 bench/music.sh "$@"
    ;;
  *) echo "usage: bench/scale.sh bank|music [./etl options]" >&2; exit 2 ;;
esac
