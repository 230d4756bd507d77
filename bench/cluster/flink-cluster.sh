#!/usr/bin/env bash
# A Flink session cluster on this machine: a JobManager and two TaskManagers, each its own JVM, run
# from Flink's runtime jars (flink-dist is not served here; bench/cluster/flink-dist stands in for
# its lib/ folder); the jobs come only from the bundled Flink jar, which the client ships with the job.
#
#   bench/cluster/flink-cluster.sh [check]   start the cluster, submit the bank and music jobs on
#        src/sample from the bundled jar (--flinkMaster=127.0.0.1:<rest port>), check through the
#        REST API that both TaskManagers ran subtasks of every job, compare every table and the
#        summary with the direct runner's, stop everything.
#   bench/cluster/flink-cluster.sh up        start the cluster and keep it until Ctrl-C.
#
# Environment: FLINK_JAR (default: pipelines/target/pipelines-*-flink.jar, built when missing or
# stale), KEEP=1 (keep the cluster's directory), REFERENCE_DIR (direct-run results shared with other
# checks). Every process started here is stopped on exit, also on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/cluster/common.sh
cluster_mode "$@"

cluster_dir flink

JAR=$(realpath "${FLINK_JAR:-$(bundled_jar flink-runner)}")
CLASSPATH=$(distribution_classpath flink-dist)
RPC_PORT=$(free_port) REST_PORT=$(free_port)
mkdir -p "$DIR/conf" "$DIR/tmp"
# Small on purpose (CI, shared machine): one slot and 1 GB per TaskManager, so the two parallel
# subtasks of every step are in two JVMs and every shuffle crosses between them.
cat > "$DIR/conf/config.yaml" <<CONF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $REST_PORT
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: 1
parallelism.default: 2
jobmanager.memory.process.size: 768m
taskmanager.memory.process.size: 1g
taskmanager.memory.jvm-metaspace.size: 192m
taskmanager.memory.managed.fraction: 0.1
# Beam's batch jobs put every step into one slot; each blocking result of the sort-based shuffle
# asks for 512 network buffers by default: with the default 64 MB per TaskManager the bank job
# failed ("Insufficient number of network buffers: required 512, but only 0 available").
taskmanager.memory.network.min: 128m
taskmanager.memory.network.max: 128m
taskmanager.network.sort-shuffle.min-buffers: 64
# A TaskManager's first task deployment loads the 240 MB job jar; on a busy 2-core machine that
# took longer than the default 10 s RPC timeout (AskTimeoutException on submitTask).
pekko.ask.timeout: 120 s
heartbeat.timeout: 180000
io.tmp.dirs: $DIR/tmp
CONF
cat > "$DIR/conf/log4j.properties" <<'CONF'
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5level %c{1} - %msg%n
CONF

# JVM flags and memory settings as Flink's own start scripts derive them (BashJavaUtils)
resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS: the JVM flags, then the -D settings
  "$JAVA" -Xmx128m -cp "$CLASSPATH" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$DIR/conf" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
flink_daemon() { # name, params kind, class, arguments
  local name=$1 kind=$2 class=$3; shift 3
  local params jvm dynamic
  params=$(resource_params "$kind")
  jvm=$(echo "$params" | sed -n 1p) dynamic=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086
  start "$name" "$DIR/logs/$name.log" "$JAVA" $jvm "${JAVA_OPENS[@]}" -cp "$CLASSPATH" \
    "-Dlog4j.configurationFile=$DIR/conf/log4j.properties" "$class" --configDir "$DIR/conf" $dynamic "$@"
}
rest() { curl -sf "http://127.0.0.1:$REST_PORT/$1"; }
jobmanager_up() { rest overview > /dev/null; }
two_taskmanagers() { [ "$(rest overview | python3 -c 'import json, sys; print(json.load(sys.stdin)["taskmanagers"])')" = 2 ]; }

flink_daemon jobmanager GET_JM_RESOURCE_PARAMS org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
wait_until 90 "the Flink JobManager's REST API" jobmanager_up
for t in 1 2; do
  flink_daemon "taskmanager$t" GET_TM_RESOURCE_PARAMS org.apache.flink.runtime.taskexecutor.TaskManagerRunner
done
wait_until 90 "two Flink TaskManagers registered" two_taskmanagers
echo "Flink session cluster: REST http://127.0.0.1:$REST_PORT, 2 TaskManagers with 1 slot each"

CLIENT_OPTS=(-Xmx1g)
if [ "$MODE" = up ]; then
  cat <<MSG
Submit a job to it, e.g. (absolute paths: the tasks run in the TaskManagers):
  $JAVA ${CLIENT_OPTS[*]} -jar $JAR bank --runner=FlinkRunner --flinkMaster=127.0.0.1:$REST_PORT \\
      --input=$PWD/src/sample/bank/bank_transactions.csv --output=$PWD/out/bank-flink-cluster
Ctrl-C stops the cluster.
MSG
  wait_for_interrupt
fi

# verify_job BEFORE: exactly one new job, FINISHED, and subtasks of it ran on both TaskManagers
verify_job() {
  rest jobs/overview > "$DIR/jobs.json"
  local job_id
  job_id=$(python3 - "$DIR/jobs.json" "$1" <<'PY'
import json, sys
seen = set(sys.argv[2].split())
new = [j for j in json.load(open(sys.argv[1]))["jobs"] if j["jid"] not in seen]
assert len(new) == 1, "expected one new job, found %d" % len(new)
assert new[0]["state"] == "FINISHED", "the job is %s" % new[0]["state"]
print(new[0]["jid"])
PY
)
  rest "jobs/$job_id" > "$DIR/job.json"
  local vertex hosts=""
  for vertex in $(python3 -c 'import json, sys; print(" ".join(v["id"] for v in json.load(open(sys.argv[1]))["vertices"]))' "$DIR/job.json"); do
    hosts+=$(rest "jobs/$job_id/vertices/$vertex/taskmanagers" \
      | python3 -c 'import json, sys; print(" ".join(t["taskmanager-id"] for t in json.load(sys.stdin)["taskmanagers"]))')" "
  done
  local distinct; distinct=$(echo "$hosts" | tr ' ' '\n' | sort -u | grep -c . || true)
  echo "  job $job_id FINISHED; its subtasks ran on $distinct TaskManagers"
  [ "$distinct" = 2 ] || { echo "FAIL: the job did not run on both TaskManagers" >&2; return 1; }
}

run_on_cluster() { # job, input
  local job=$1 input=$2 before
  local out="$DIR/cluster-$job"
  before=$(rest jobs/overview | python3 -c 'import json, sys; print(" ".join(j["jid"] for j in json.load(sys.stdin)["jobs"]))')
  echo "$job: submitting $(basename "$JAR") to the session cluster"
  local started=$SECONDS
  if ! run_foreground "$DIR/logs/client-$job.log" "$JAVA" "${CLIENT_OPTS[@]}" "${JAVA_OPENS[@]}" -jar "$JAR" "$job" \
      --runner=FlinkRunner --flinkMaster="127.0.0.1:$REST_PORT" --input="$input" --output="$out"; then
    tail -20 "$DIR/logs/client-$job.log" >&2
    echo "FAIL: the $job job failed on the Flink cluster" >&2; return 1
  fi
  echo "$job: done in $((SECONDS - started)) s"
  grep -q '"runner" : "FlinkRunner"' "$DIR/logs/client-$job.log" || { echo "FAIL: no FlinkRunner summary" >&2; return 1; }
  verify_job "$before"
}

check_samples "Flink cluster"
echo "Flink session cluster (JobManager + 2 TaskManagers): both jobs match the direct runner"
