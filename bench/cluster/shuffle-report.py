#!/usr/bin/env python3
"""Per-stage shuffle and I/O volumes from a Spark event log (-Dspark.eventLog.enabled=true).

  bench/cluster/shuffle-report.py EVENT_LOG [--top=N]

Prints every stage that reads or writes a shuffle (bytes, records, tasks, time) with the Beam steps
it ran (Beam's Spark runner names each RDD after its transform), then the totals. The figures feed
the README's "Scaling out" arithmetic.
"""
import json
import sys

METRICS = {
    "internal.metrics.input.bytesRead": "input_bytes",
    "internal.metrics.input.recordsRead": "input_records",
    "internal.metrics.output.bytesWritten": "output_bytes",
    "internal.metrics.shuffle.write.bytesWritten": "shuffle_write_bytes",
    "internal.metrics.shuffle.write.recordsWritten": "shuffle_write_records",
    "internal.metrics.shuffle.read.remoteBytesRead": "shuffle_read_remote",
    "internal.metrics.shuffle.read.localBytesRead": "shuffle_read_local",
    "internal.metrics.shuffle.read.recordsRead": "shuffle_read_records",
    "internal.metrics.executorRunTime": "run_ms",
    "internal.metrics.jvmGCTime": "gc_ms",
    "internal.metrics.memoryBytesSpilled": "spill_memory_bytes",
    "internal.metrics.diskBytesSpilled": "spill_disk_bytes",
}


def mb(n):
    return "%.1f" % (n / 1e6)


def main(path, top):
    stages, jobs, app_start, app_end = [], 0, None, None
    for line in open(path):
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            break  # the half-written last line of a running application's log (.inprogress)
        kind = event["Event"]
        if kind == "SparkListenerApplicationStart":
            app_start = event["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            app_end = event["Timestamp"]
        elif kind == "SparkListenerJobStart":
            jobs += 1
        elif kind == "SparkListenerStageCompleted":
            info = event["Stage Info"]
            stage = {v: 0 for v in METRICS.values()}
            for acc in info.get("Accumulables", []):
                if acc.get("Name") in METRICS:
                    stage[METRICS[acc["Name"]]] = int(acc["Value"])
            stage["id"] = info["Stage ID"]
            stage["tasks"] = info["Number of Tasks"]
            stage["wall_s"] = (info.get("Completion Time", 0) - info.get("Submission Time", 0)) / 1000
            steps = []
            for rdd in info.get("RDD Info", []):
                name = rdd.get("Name", "")
                # Beam step names look like "ParseTransactions/ParDo(...)"; skip Spark's own RDD names
                if "/" in name and name.split("/")[0] not in steps:
                    steps.append(name.split("/")[0])
            stage["steps"] = steps
            stages.append(stage)
    shuffling = [s for s in stages if s["shuffle_write_bytes"] or s["shuffle_read_remote"] or s["shuffle_read_local"]]
    print("stage tasks  wall_s  shuffle_write_MB  write_records  shuffle_read_MB  read_records  spill_disk_MB  gc_s  beam steps")
    for s in sorted(shuffling, key=lambda s: -(s["shuffle_write_bytes"] + s["shuffle_read_remote"] + s["shuffle_read_local"]))[:top]:
        print("%5d %5d %7.1f %17s %14d %16s %13d %14s %5.1f  %s" % (
            s["id"], s["tasks"], s["wall_s"], mb(s["shuffle_write_bytes"]), s["shuffle_write_records"],
            mb(s["shuffle_read_remote"] + s["shuffle_read_local"]), s["shuffle_read_records"],
            mb(s["spill_disk_bytes"]), s["gc_ms"] / 1000, ", ".join(s["steps"][:6])))
    total = lambda key: sum(s[key] for s in stages)
    print("jobs %d, stages %d; input %s MB (%d records); shuffle written %s MB (%d records), read %s MB; "
          "output %s MB; spilled to disk %s MB; executor run %.1f s, of it GC %.1f s; application %.1f s" % (
              jobs, len(stages), mb(total("input_bytes")), total("input_records"),
              mb(total("shuffle_write_bytes")), total("shuffle_write_records"),
              mb(total("shuffle_read_remote") + total("shuffle_read_local")), mb(total("output_bytes")),
              mb(total("spill_disk_bytes")), total("run_ms") / 1000, total("gc_ms") / 1000,
              ((app_end or 0) - (app_start or 0)) / 1000))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    top = next((int(a.split("=", 1)[1]) for a in sys.argv[2:] if a.startswith("--top=")), 100)
    main(sys.argv[1], top)
