package dev.etl.transforms.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Exact counts for a run's reconciliation, computed in the pipeline: unlike metrics they are exact
 * on every runner, retries included. {@link #perBundle} labels the elements of a collection and
 * emits one (label, count) pair per label and bundle, so a million-row collection adds only a few
 * elements to count; {@link #create} sums the pairs per label with a combiner. Batch only: the
 * per-bundle pairs are emitted in the global window at its end (a bundle has no window of its own).
 */
public final class CountLabels extends PTransform<PCollection<KV<String, Long>>, PCollection<KV<String, Long>>> {

  public static CountLabels create() {
    return new CountLabels();
  }

  /** Counts the labels each element carries (none, one or several), per bundle. */
  public static <T> ParDo.SingleOutput<T, KV<String, Long>> perBundle(SerializableFunction<T, List<String>> labelsFn) {
    return ParDo.of(new CountPerBundleFn<>(labelsFn));
  }

  /** Counts every element under one label, per bundle. */
  public static <T> ParDo.SingleOutput<T, KV<String, Long>> perBundle(String label) {
    List<String> labels = List.of(label);
    return perBundle(element -> labels);
  }

  /**
   * Adds up, per bundle, amounts each element carries: {@code valuesFn} gives one amount per label
   * of {@code labels} (e.g. the lines a merged record stands for).
   */
  public static <T> ParDo.SingleOutput<T, KV<String, Long>> sumPerBundle(
      List<String> labels, SerializableFunction<T, long[]> valuesFn) {
    return ParDo.of(new SumPerBundleFn<>(List.copyOf(labels), valuesFn));
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<KV<String, Long>> counts) {
    return counts.apply("SumPerLabel", Sum.longsPerKey());
  }

  static final class CountPerBundleFn<T> extends DoFn<T, KV<String, Long>> {
    private final SerializableFunction<T, List<String>> labelsFn;
    private transient Map<String, Long> counts;

    CountPerBundleFn(SerializableFunction<T, List<String>> labelsFn) {
      this.labelsFn = labelsFn;
    }

    @StartBundle
    public void start() {
      counts = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element T element) {
      for (String label : labelsFn.apply(element)) {
        counts.merge(label, 1L, Long::sum);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      counts.forEach((label, count) -> context.output(KV.of(label, count), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    }
  }

  static final class SumPerBundleFn<T> extends DoFn<T, KV<String, Long>> {
    private final List<String> labels;
    private final SerializableFunction<T, long[]> valuesFn;
    private transient long[] sums;

    SumPerBundleFn(List<String> labels, SerializableFunction<T, long[]> valuesFn) {
      this.labels = labels;
      this.valuesFn = valuesFn;
    }

    @StartBundle
    public void start() {
      sums = new long[labels.size()];
    }

    @ProcessElement
    public void process(@Element T element) {
      long[] values = valuesFn.apply(element);
      for (int i = 0; i < sums.length; i++) {
        sums[i] += values[i];
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      for (int i = 0; i < sums.length; i++) {
        context.output(KV.of(labels.get(i), sums[i]), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }
  }
}
