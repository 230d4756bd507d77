package dev.etl.pipelines.stream;

import dev.etl.pipelines.bank.BankCounts;
import dev.etl.pipelines.common.Counts;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.fraud.Suspicion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;

/**
 * The stream's counts: the batch job's labels for what both count (read, clean, duplicates,
 * rejected by reason) plus alerts by rule, printed as running totals every interval; the final
 * totals become metrics, which the driver reads back for the reconciliation.
 */
public final class StreamCounts {
  public static final String LINES_READ = BankCounts.LINES_READ;
  public static final String CLEAN = BankCounts.ROWS_CLEAN;
  public static final String DUPLICATES = BankCounts.DUPLICATES_REMOVED;
  public static final String REJECTED = BankCounts.REJECTED;
  public static final String ALERTS = "alerts:";
  static final String METRICS_NAMESPACE = "bank-stream";

  private StreamCounts() {}

  /** Counts the clean rows, the dead letters and the alerts, and prints the running totals. */
  static void countAndPrint(
      List<PCollection<KV<String, Long>>> stepCounts,
      PCollection<?> clean,
      PCollection<DeadLetter> rejected,
      PCollection<Suspicion> alerts,
      Duration interval) {
    PCollectionList.of(stepCounts)
        .and(clean.apply("CountClean", CountLabels.perBundle(CLEAN)))
        .and(
            rejected.apply(
                "CountRejected", CountLabels.perBundle(r -> List.of(REJECTED + r.reason()))))
        .and(alerts.apply("CountAlerts", CountLabels.perBundle(a -> List.of(ALERTS + a.reason()))))
        .apply("FlattenCounts", Flatten.pCollections())
        .apply("RunningCounts", CountLabels.running(interval))
        .apply("PrintCounts", ParDo.of(new PrintCountsFn()));
  }

  /** read = clean + duplicates + rejected. */
  public static boolean reconciled(Counts c) {
    return c.count(LINES_READ) == c.count(CLEAN) + c.count(DUPLICATES) + c.total(REJECTED);
  }

  /**
   * "read 1,000 | clean 950 | duplicates 10 | rejected 40 (bad_amount 12, ...) | alerts 31 (burst
   * 9, ...)".
   */
  public static String describe(Counts c) {
    return String.format(
        Locale.ROOT,
        "read %,d | clean %,d | duplicates %,d | rejected %,d%s | alerts %,d%s",
        c.count(LINES_READ),
        c.count(CLEAN),
        c.count(DUPLICATES),
        c.total(REJECTED),
        parts(c.byPrefix(REJECTED)),
        c.total(ALERTS),
        parts(c.byPrefix(ALERTS)));
  }

  private static String parts(Map<String, Long> byName) {
    List<String> parts = new ArrayList<>();
    byName.forEach(
        (name, count) -> parts.add(name + " " + String.format(Locale.ROOT, "%,d", count)));
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** The final totals, from the metrics {@link PrintCountsFn} set. */
  static Counts finalCounts(PipelineResult result) {
    Map<String, Long> counts = new TreeMap<>();
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(METRICS_NAMESPACE))
                    .build())
            .getCounters()) {
      Long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      counts.merge(counter.getName().getName(), value, Long::sum);
    }
    return new Counts(counts);
  }

  /**
   * Prints the running counters; the final ones also become metrics, which the driver reads back.
   */
  static final class PrintCountsFn extends DoFn<KV<Boolean, Map<String, Long>>, Void> {
    @ProcessElement
    public void process(@Element KV<Boolean, Map<String, Long>> totals) {
      System.out.println(
          "bank-stream: "
              + (totals.getKey() ? "final " : "")
              + describe(new Counts(totals.getValue())));
      System.out.flush();
      if (totals.getKey()) {
        totals
            .getValue()
            .forEach((label, count) -> Metrics.counter(METRICS_NAMESPACE, label).inc(count));
      }
    }
  }
}
