#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a master and two workers, each its own JVM, run
# from the jars of a Spark distribution (spark-core and its dependencies, bench/cluster/spark-dist);
# the jobs come only from the bundled jar, which the driver ships to the executors.
#
#   bench/cluster/spark-cluster.sh [check]   start the cluster, run the bank and music jobs on
#        src/sample from the bundled jar (client deploy mode: the driver here, the executors in the
#        worker JVMs), check that the executors of both workers ran tasks and fetched shuffle blocks
#        from each other over the network, compare every table and the summary with the direct
#        runner's, stop everything.
#   bench/cluster/spark-cluster.sh up        start the cluster and keep it until Ctrl-C; prints the
#        master URL and a command that submits a job to it.
#
# Environment: SPARK_JAR (default: pipelines/target/pipelines-*-spark.jar, built when missing or
# stale), KEEP=1 (keep the cluster's directory: logs, worker work dirs), REFERENCE_DIR (direct-run
# results shared with other checks). Every process started here is stopped on exit, also on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/cluster/common.sh
cluster_mode "$@"

# Small on purpose (CI, shared machine): 1 core and 1 GB per worker, so the two executors are in
# two JVMs and every shuffle crosses between them.
WORKER_MEMORY=1g
EXECUTOR_MEMORY=768m
DAEMON_HEAP=-Xmx256m

cluster_dir spark

JAR=$(realpath "${SPARK_JAR:-$(bundled_jar spark-runner)}")
# A Spark "installation": SPARK_HOME/jars is where a worker takes the executors' classpath from;
# without SPARK_SCALA_VERSION the launcher looks for a source build and every executor fails.
export SPARK_HOME="$DIR/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/jars"
for jar in $(distribution_classpath spark-dist | tr ':' ' '); do ln -s "$jar" "$SPARK_HOME/jars/"; done

MASTER_PORT=$(free_port) MASTER_UI=$(free_port)
MASTER="spark://127.0.0.1:$MASTER_PORT"
master_json() { curl -sf "http://127.0.0.1:$MASTER_UI/json/"; }
SPARK_DAEMON=("$JAVA" $DAEMON_HEAP "${JAVA_OPENS[@]}" -cp "$SPARK_HOME/jars/*")
master_alive() { master_json | grep -q '"status" : "ALIVE"'; }
two_workers() { [ "$(master_json | python3 -c 'import json, sys; print(json.load(sys.stdin)["aliveworkers"])')" = 2 ]; }
start master "$DIR/logs/master.log" "${SPARK_DAEMON[@]}" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI"
wait_until 60 "the Spark master" master_alive
for w in 1 2; do
  mkdir -p "$DIR/worker$w"
  start "worker $w" "$DIR/logs/worker$w.log" "${SPARK_DAEMON[@]}" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port "$(free_port)" --webui-port "$(free_port)" --cores 1 --memory "$WORKER_MEMORY" \
    --work-dir "$DIR/worker$w" "$MASTER"
done
wait_until 60 "two Spark workers registered" two_workers
echo "Spark master $MASTER (web UI http://127.0.0.1:$MASTER_UI) with 2 workers, 1 core and $WORKER_MEMORY each"

# The driver's Spark settings: the embedded SparkContext reads spark.* system properties.
DRIVER_OPTS=(-Xmx1g "-Dspark.executor.memory=$EXECUTOR_MEMORY" -Dspark.cores.max=2
  # fetch the other executor's shuffle blocks over the network, as between machines, instead of
  # reading its files directly (Spark's shortcut for executors on one host)
  -Dspark.shuffle.readHostLocalDisk=false)

if [ "$MODE" = up ]; then
  cat <<MSG
Submit a job to it, e.g. (absolute paths: the executors run in the workers' directories):
  $JAVA ${DRIVER_OPTS[*]} -jar $JAR bank --runner=SparkRunner --sparkMaster=$MASTER \\
      --input=$PWD/src/sample/bank/bank_transactions.csv --output=$PWD/out/bank-cluster
Ctrl-C stops the cluster.
MSG
  wait_for_interrupt
fi

# verify_executors APP: both workers ran an executor of APP that finished tasks, and at least one
# of them fetched shuffle blocks from the other over the network
verify_executors() {
  local app=$1 w stderr remote=0
  for w in 1 2; do
    stderr=$(ls "$DIR/worker$w/$app"/*/stderr 2> /dev/null | head -1)
    [ -n "$stderr" ] || { echo "FAIL: no executor of $app ran in worker $w" >&2; return 1; }
    local tasks; tasks=$(grep -c 'Executor: Finished task' "$stderr" || true)
    [ "$tasks" -gt 0 ] || { echo "FAIL: the executor in worker $w finished no task" >&2; return 1; }
    local fetched; fetched=$(grep -oE 'and [1-9][0-9]* \([^)]*\) remote blocks' "$stderr" | wc -l)
    remote=$((remote + fetched))
    echo "  worker $w: executor $(basename "$(dirname "$stderr")") finished $tasks tasks, $fetched shuffle reads with remote blocks"
  done
  [ "$remote" -gt 0 ] || { echo "FAIL: no shuffle block crossed between the executors" >&2; return 1; }
}

run_on_cluster() { # job, input
  local job=$1 input=$2 before after app
  local out="$DIR/cluster-$job"
  before=$(ls "$DIR/worker1" "$DIR/worker2" | sort -u)
  echo "$job: submitting $(basename "$JAR") to $MASTER"
  local started=$SECONDS
  if ! run_foreground "$DIR/logs/driver-$job.log" "$JAVA" "${DRIVER_OPTS[@]}" -jar "$JAR" "$job" \
      --runner=SparkRunner --sparkMaster="$MASTER" --input="$input" --output="$out"; then
    tail -20 "$DIR/logs/driver-$job.log" >&2
    echo "FAIL: the $job job failed on the cluster" >&2; return 1
  fi
  echo "$job: done in $((SECONDS - started)) s"
  grep -q '"runner" : "SparkRunner"' "$DIR/logs/driver-$job.log" || { echo "FAIL: no SparkRunner summary" >&2; return 1; }
  after=$(ls "$DIR/worker1" "$DIR/worker2" | sort -u)
  app=$(comm -13 <(echo "$before") <(echo "$after"))
  [ "$(echo "$app" | wc -w)" = 1 ] || { echo "FAIL: expected one new application, found: $app" >&2; return 1; }
  master_json | python3 -c '
import json, sys
app = [a for a in json.load(sys.stdin)["completedapps"] if a["id"] == sys.argv[1]]
assert app and app[0]["state"] == "FINISHED", "the master does not list %s as finished" % sys.argv[1]
print("  master: %s %s, %d cores" % (app[0]["id"], app[0]["state"], app[0]["cores"]))' "$app"
  verify_executors "$app"
}

check_samples "Spark cluster"
echo "Spark standalone cluster (master + 2 workers): both jobs match the direct runner"
