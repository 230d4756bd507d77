# Sourced by the CI checks (.ci/check-bundled-jar, bench/cluster/*.sh): runs a job on the direct
# runner as the reference and checks that another run wrote the same result, with DuckDB as the
# independent reader. Needs the repository root as the working directory.

DUCKDB_JAR=$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | tail -1)
duck() { java -cp "$DUCKDB_JAR" bench/tools/DuckQuery.java "$1"; }

scan() { # how DuckDB reads one result folder
  if compgen -G "$1/*.jsonl" > /dev/null; then echo "read_json_auto('$1/*.jsonl')";
  else echo "read_parquet('$1/**/*.parquet', hive_partitioning = true)"; fi
}

# reference_run JOB INPUT: runs JOB on the direct runner under $REFERENCE_DIR (once per job and
# input: the checks of one CI run share it when REFERENCE_DIR is exported) and prints the output
# directory. Use the same INPUT string as the run under test: the summary records it.
reference_run() {
  local job=$1 input=$2 out
  out="$REFERENCE_DIR/direct-$job-$(echo "$input" | md5sum | cut -c1-8)"
  if [ ! -f "$out/_SUMMARY.json" ]; then
    ./etl "$job" --input="$input" --output="$out" --runner=DirectRunner > "$out.out"
  fi
  echo "$out"
}

# assert_same_result JOB LABEL RESULT REFERENCE: the summary figures (all but the run-specific
# keys) and every table's rows as a multiset must be equal; fails the script otherwise.
assert_same_result() {
  local job=$1 label=$2 result=$3 reference=$4
  python3 - "$result/_SUMMARY.json" "$reference/_SUMMARY.json" <<'PY'
import json, sys
run_specific = {"run_id", "runner", "output", "started_at", "wall_time_seconds"}
a, b = (dict((k, v) for k, v in json.load(open(f)).items() if k not in run_specific) for f in sys.argv[1:])
if a != b:
    sys.exit("FAIL: summaries differ: " + str({k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}))
PY
  local dir
  for dir in "$reference"/*/; do
    local table; table=$(basename "$dir")
    local a b; a=$(scan "$reference/$table"); b=$(scan "$result/$table")
    local only_direct only_result rows
    read -r only_direct only_result rows < <(duck "SELECT
        (SELECT count(*) FROM (SELECT * FROM $a EXCEPT ALL SELECT * FROM $b)),
        (SELECT count(*) FROM (SELECT * FROM $b EXCEPT ALL SELECT * FROM $a)),
        (SELECT count(*) FROM $b)")
    echo "$job $table: $rows rows from the $label; only on the direct runner: $only_direct, only in the $label's: $only_result"
    [ "$only_direct" = 0 ] && [ "$only_result" = 0 ] && [ "$rows" -gt 0 ] || { echo "FAIL: $job $table differs" >&2; exit 1; }
  done
}
