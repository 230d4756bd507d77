package dev.etl.transforms.core;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Sums longs per string key, like {@code Sum.longsPerKey()}, but grouped by a bucket of the key
 * (see {@link KeyBuckets}): runners pay per group, and on the direct runner one group per key (one
 * per track or artist) spent most of a music sample run firing per-key timers. Each bundle sums its
 * own elements first, so one element per key and bundle is shuffled. Batch only: the partial sums
 * are emitted in the global window when the bundle ends.
 */
public final class SumByKeyBuckets
    extends PTransform<PCollection<KV<String, Long>>, PCollection<KV<String, Long>>> {
  private final int buckets;

  private SumByKeyBuckets(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.buckets = buckets;
  }

  public static SumByKeyBuckets of(int buckets) {
    return new SumByKeyBuckets(buckets);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<KV<String, Long>> input) {
    KvCoder<String, Long> sumCoder = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    return input
        .apply("SumPerBundle", ParDo.of(new PartialSumsFn(buckets)))
        .setCoder(KvCoder.of(VarIntCoder.of(), sumCoder))
        .apply("GroupBuckets", GroupByKey.create())
        .apply("SumPerKey", ParDo.of(new SumBucketFn()))
        .setCoder(sumCoder);
  }

  static final class PartialSumsFn extends DoFn<KV<String, Long>, KV<Integer, KV<String, Long>>> {
    private final int buckets;
    private transient Map<String, Long> sums;

    PartialSumsFn(int buckets) {
      this.buckets = buckets;
    }

    @StartBundle
    public void start() {
      sums = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<String, Long> element) {
      sums.merge(element.getKey(), element.getValue(), Math::addExact); // fail, never wrap around
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach(
          (key, sum) ->
              c.output(
                  KV.of(KeyBuckets.bucketOf(key, buckets), KV.of(key, sum)),
                  GlobalWindow.INSTANCE.maxTimestamp(),
                  GlobalWindow.INSTANCE));
    }
  }

  static final class SumBucketFn
      extends DoFn<KV<Integer, Iterable<KV<String, Long>>>, KV<String, Long>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, Long>>> bucket,
        OutputReceiver<KV<String, Long>> out) {
      Map<String, Long> sums = new HashMap<>();
      for (KV<String, Long> partial : bucket.getValue()) {
        sums.merge(partial.getKey(), partial.getValue(), Math::addExact);
      }
      sums.forEach((key, sum) -> out.output(KV.of(key, sum)));
    }
  }
}
