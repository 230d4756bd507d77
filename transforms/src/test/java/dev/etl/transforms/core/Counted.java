package dev.etl.transforms.core;

import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** For tests: the total of one label in a step's counts. */
public final class Counted {
  private Counted() {}

  public static PCollection<Long> total(StepResult<?> result, String label, String stepName) {
    PCollection<KV<String, Long>> counts = result.counts();
    if (counts.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      // a stream's total: once, when the watermark passes the end of the global window
      counts =
          counts.apply(
              stepName + "AtTheEnd",
              Window.<KV<String, Long>>configure()
                  .triggering(AfterWatermark.pastEndOfWindow())
                  .withAllowedLateness(Duration.ZERO)
                  .discardingFiredPanes());
    }
    return counts
        .apply(stepName + "Filter", Filter.by((KV<String, Long> kv) -> kv.getKey().equals(label)))
        .apply(stepName + "Values", Values.create())
        .apply(stepName + "Sum", Sum.longsGlobally());
  }

  /** The exact duplicates a deduplication removed. */
  public static PCollection<Long> duplicates(StepResult<?> result) {
    return total(result, DedupByKey.DUPLICATES_REMOVED, "Duplicates");
  }
}
