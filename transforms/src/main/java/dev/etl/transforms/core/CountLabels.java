package dev.etl.transforms.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Exact counts for a run's reconciliation, computed in the pipeline: unlike metrics they are exact
 * on every runner, retries included. {@link #perBundle} labels the elements of a collection and
 * emits one (label, count) pair per label and bundle, so a million-row collection adds only a few
 * elements to count; {@link #create} sums the pairs per label with a combiner. Batch only: the
 * per-bundle pairs are emitted in the global window at its end (a bundle has no window of its own).
 */
public final class CountLabels
    extends PTransform<PCollection<KV<String, Long>>, PCollection<KV<String, Long>>> {

  public static CountLabels create() {
    return new CountLabels();
  }

  /** Counts the labels each element carries (none, one or several), per bundle. */
  public static <T> ParDo.SingleOutput<T, KV<String, Long>> perBundle(
      SerializableFunction<T, List<String>> labelsFn) {
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

  /**
   * The streaming form of {@link #create}: running totals per label, emitted as a snapshot at most
   * every {@code every} of wall time while counts arrive ({@code KV(false, totals)}), and once more
   * when the input ends ({@code KV(true, totals)}, when the watermark passes the end of the global
   * window: a drained stream). One key: the per-bundle pairs are few.
   */
  public static PTransform<
          PCollection<KV<String, Long>>, PCollection<KV<Boolean, Map<String, Long>>>>
      running(Duration every) {
    return new PTransform<>() {
      @Override
      public PCollection<KV<Boolean, Map<String, Long>>> expand(
          PCollection<KV<String, Long>> counts) {
        return counts
            .apply("OneKey", WithKeys.of("totals"))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply("RunningTotals", ParDo.of(new RunningTotalsFn(every)))
            .setCoder(
                KvCoder.of(
                    BooleanCoder.of(), MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
      }
    };
  }

  static final class RunningTotalsFn
      extends DoFn<KV<String, KV<String, Long>>, KV<Boolean, Map<String, Long>>> {
    private final Duration every;

    @StateId("totals")
    private final StateSpec<ValueState<Map<String, Long>>> totalsSpec =
        StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

    @StateId("lastEmitted")
    private final StateSpec<ValueState<Long>> lastEmittedSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    RunningTotalsFn(Duration every) {
      this.every = every;
    }

    @ProcessElement
    public void process(
        @Element KV<String, KV<String, Long>> count,
        @StateId("totals") ValueState<Map<String, Long>> totalsState,
        @StateId("lastEmitted") ValueState<Long> lastEmitted,
        @TimerId("end") Timer end,
        OutputReceiver<KV<Boolean, Map<String, Long>>> out) {
      Map<String, Long> totals = totalsState.read();
      totals = totals == null ? new TreeMap<>() : new TreeMap<>(totals);
      if (totals.isEmpty()) {
        end.set(GlobalWindow.INSTANCE.maxTimestamp());
      }
      totals.merge(count.getValue().getKey(), count.getValue().getValue(), Long::sum);
      totalsState.write(totals);
      long now = System.currentTimeMillis();
      Long last = lastEmitted.read();
      if (last == null || now - last >= every.getMillis()) {
        lastEmitted.write(now);
        out.output(KV.of(false, totals));
      }
    }

    @OnTimer("end")
    public void onEnd(
        @StateId("totals") ValueState<Map<String, Long>> totalsState,
        OutputReceiver<KV<Boolean, Map<String, Long>>> out) {
      Map<String, Long> totals = totalsState.read();
      out.output(KV.of(true, totals == null ? Map.of() : totals));
    }
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
      counts.forEach(
          (label, count) ->
              context.output(
                  KV.of(label, count),
                  GlobalWindow.INSTANCE.maxTimestamp(),
                  GlobalWindow.INSTANCE));
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
        context.output(
            KV.of(labels.get(i), sums[i]),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
    }
  }
}
