package dev.etl.transforms.core;

import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Exact counts for a run's reconciliation, computed in the pipeline (a combiner, so only small
 * partial counts cross the shuffle). Unlike metrics these are exact on every runner, retries
 * included. Each element of the input is one label to count, e.g. "rows_read" or "rejected:bad_amount".
 */
public final class CountLabels extends PTransform<PCollection<String>, PCollection<KV<String, Long>>> {

  public static CountLabels create() {
    return new CountLabels();
  }

  /** Labels each element of a collection, ready to be flattened into the input of {@link CountLabels}. */
  public static <T> MapElements<T, String> label(SerializableFunction<T, String> labelFn) {
    return MapElements.into(TypeDescriptors.strings()).via(labelFn);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<String> labels) {
    return labels.apply("CountPerLabel", Count.perElement());
  }
}
