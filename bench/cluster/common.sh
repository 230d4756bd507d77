# Sourced by bench/cluster/*-cluster.sh: processes started here are tracked and always stopped.
# Needs the repository root as the working directory.

DAEMONS=()   # process ids; each is the leader of its own process group (setsid), so stopping the
             # group also stops what it started (Spark executors, Flink's task processes)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# the module openings Spark and Flink need on Java 17 (the same list ./etl starts jobs with)
mapfile -t JAVA_OPENS < <(grep -- '^--add-opens' runner-profiles/jvm.options)

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME LOG COMMAND...: runs COMMAND in the background in a new process group
start() {
  local name=$1 log=$2; shift 2
  setsid "$@" > "$log" 2>&1 < /dev/null &
  DAEMONS+=("$!")
  echo "started $name (pid $!, log $log)"
}

# run_foreground LOG COMMAND...: like start, but waits and returns COMMAND's exit code (a run in
# its own group can be stopped with the rest when the script is interrupted)
run_foreground() {
  local log=$1; shift
  setsid "$@" > "$log" 2>&1 < /dev/null &
  local pid=$!
  DAEMONS+=("$pid")
  local rc=0
  wait "$pid" || rc=$?
  return "$rc"
}

stop_all() {
  local pid i
  for pid in "${DAEMONS[@]}"; do kill -TERM -- "-$pid" 2> /dev/null || true; done
  for pid in "${DAEMONS[@]}"; do
    for i in $(seq 1 40); do kill -0 -- "-$pid" 2> /dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2> /dev/null || true
  done
  DAEMONS=()
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND once a second
wait_until() {
  local seconds=$1 what=$2; shift 2
  local i
  for i in $(seq 1 "$seconds"); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "FAIL: $what not within $seconds s" >&2
  return 1
}

# bundled_jar PROFILE: the bundled jar of that runner profile, built when missing or older than
# the sources (CI builds the Spark one just before, in .ci/check-bundled-jar)
bundled_jar() {
  local profile=$1 classifier=${1%-runner} jar
  jar=$(ls pipelines/target/pipelines-*-"$classifier".jar 2> /dev/null | head -1 || true)
  if [ -z "$jar" ] || [ -n "$(find pom.xml transforms pipelines runner-profiles -name target -prune -o -type f -newer "$jar" -print -quit)" ]; then
    echo "building the bundled $classifier jar (mvn -P $profile package) ..." >&2
    mvn -B -q -P "$profile" -DskipTests package >&2
    jar=$(ls pipelines/target/pipelines-*-"$classifier".jar | head -1)
  fi
  echo "$jar"
}

# distribution_classpath DIST: the runtime jars of bench/cluster/DIST/pom.xml (cached in its target/)
distribution_classpath() {
  local pom=bench/cluster/$1/pom.xml out=bench/cluster/$1/target/classpath
  if [ ! -s "$out" ] || [ "$pom" -nt "$out" ]; then
    mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile=target/classpath -Dmdep.includeScope=runtime >&2
  fi
  cat "$out"
}

# cluster_mode ARGS...: the scripts' one argument, check (default) or up
cluster_mode() {
  MODE=${1:-check}
  case "$MODE" in check|up) ;; *) echo "usage: $0 [check|up]" >&2; exit 2 ;; esac
}

# cluster_dir KIND: a fresh directory for the cluster's configuration, logs and work (DIR). On exit
# every started process is stopped; the directory is removed unless the run failed or KEEP=1.
cluster_dir() {
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/$1-cluster.XXXXXX")
  mkdir -p "$DIR/logs"
  trap finish EXIT
  trap 'exit 130' INT TERM
}
finish() {
  local rc=$?
  stop_all
  if [ "$rc" != 0 ] || [ "${KEEP:-}" = 1 ]; then echo "cluster directory kept: $DIR"; else rm -rf "$DIR"; fi
}

# until Ctrl-C (a signal interrupts wait; a plain sleep would delay the trap by up to an hour)
wait_for_interrupt() {
  while true; do sleep 3600 & wait $!; done
}

# check_samples LABEL: both jobs on src/sample through the script's run_on_cluster JOB INPUT (which
# writes to $DIR/cluster-JOB), then, with the cluster stopped to free its memory, the comparison
# with the direct runner
check_samples() {
  local label=$1 bank="$PWD/src/sample/bank/bank_transactions.csv" music="$PWD/src/sample/music"
  source .ci/lib/same-result.sh
  REFERENCE_DIR=${REFERENCE_DIR:-$DIR}
  run_on_cluster bank "$bank"
  run_on_cluster music "$music"
  stop_all
  assert_same_result bank "$label" "$DIR/cluster-bank" "$(reference_run bank "$bank")"
  assert_same_result music "$label" "$DIR/cluster-music" "$(reference_run music "$music")"
}
