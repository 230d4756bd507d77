package dev.etl.transforms.core;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters a console can read while a pipeline runs, kept in this JVM.
 *
 * <p>Why not Beam metrics: in Beam 2.62 the Spark runner's {@code PipelineResult.metrics()} is the
 * driver's accumulator, merged only when a Spark task ends (the read is two long tasks on {@code
 * local[2]}), and the Flink runner's {@code run()} blocks until a batch job ends, so there is no
 * result to ask while it runs. Steps that run in the launching JVM (the direct runner, embedded
 * Spark {@code local[N]}, the embedded Flink mini cluster) add to these counters directly; on a
 * cluster the workers' counts stay on the workers and the console shows elapsed time only. They
 * never influence a result, and all runs in one JVM share them ({@link #reset()} at a run's start).
 */
public final class LiveProgress {
  private static final Map<String, LongAdder> COUNTERS = new ConcurrentHashMap<>();

  private LiveProgress() {}

  /** A counter a DoFn can hold in a field: serializable, resolved in the JVM it runs in. */
  public static Counter counter(String name) {
    return new Counter(name);
  }

  /** The current values, sorted by name (zeros left out). */
  public static Map<String, Long> snapshot() {
    Map<String, Long> values = new TreeMap<>();
    COUNTERS.forEach(
        (name, adder) -> {
          long value = adder.sum();
          if (value != 0) {
            values.put(name, value);
          }
        });
    return values;
  }

  /** Zeroes every counter (kept, so that counters already resolved by a step stay valid). */
  public static void reset() {
    COUNTERS.values().forEach(LongAdder::reset);
  }

  public static final class Counter implements Serializable {
    private final String name;
    private transient LongAdder adder;

    private Counter(String name) {
      this.name = name;
    }

    public void add(long amount) {
      if (adder == null) {
        adder = COUNTERS.computeIfAbsent(name, n -> new LongAdder());
      }
      adder.add(amount);
    }
  }
}
