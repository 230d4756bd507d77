package dev.etl.transforms.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * {@link DedupByKey} across runs: new records are deduplicated among themselves and against the
 * records an earlier run already published (each with the source line it was kept from). A key that
 * is published keeps its published record, which is never replaced: a new record equal in content
 * is a duplicate, any other a {@code conflicting_duplicate} naming the published record's source.
 * That is what one run over all lines decides whenever the new lines come from files that sort
 * after the published ones (the representative is the smallest (file, offset)). Keys not published
 * are decided exactly as {@link DedupByKey} does.
 *
 * <p>Only the published records whose keys occur among the new ones need to be given (the caller
 * filters them), so the shuffle is as large as the increment, not as the history. {@link
 * StepResult#good()} holds only new records.
 */
public final class DedupAgainstPublished<T>
    extends PTransform<PCollection<Parsed<T>>, StepResult<Parsed<T>>> {
  private final String keyName;
  private final SerializableFunction<T, String> keyFn;
  private final int buckets;
  // transient: a graph input, not part of the serialized transform (its anonymous tags capture it)
  private final transient PCollection<Parsed<T>> published;

  private DedupAgainstPublished(
      String keyName,
      SerializableFunction<T, String> keyFn,
      int buckets,
      PCollection<Parsed<T>> published) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.keyName = keyName;
    this.keyFn = keyFn;
    this.buckets = buckets;
    this.published = published;
  }

  public static <T> DedupAgainstPublished<T> of(
      String keyName,
      SerializableFunction<T, String> keyFn,
      int buckets,
      PCollection<Parsed<T>> published) {
    return new DedupAgainstPublished<>(keyName, keyFn, buckets, published);
  }

  @Override
  public StepResult<Parsed<T>> expand(PCollection<Parsed<T>> fresh) {
    Parsed.ParsedCoder<T> coder = (Parsed.ParsedCoder<T>) fresh.getCoder();
    KvCoder<Integer, KV<Boolean, Parsed<T>>> tagged =
        KvCoder.of(VarIntCoder.of(), KvCoder.of(BooleanCoder.of(), coder));
    TupleTag<Parsed<T>> uniqueTag = new TupleTag<>() {};
    TupleTag<Parsed<T>> duplicateTag = new TupleTag<>() {};
    TupleTag<DeadLetter> conflictTag = new TupleTag<>() {};
    PCollectionTuple out =
        PCollectionList.of(
                fresh.apply("BucketNew", ParDo.of(new BucketFn<>(keyFn, buckets, false))))
            .and(published.apply("BucketPublished", ParDo.of(new BucketFn<>(keyFn, buckets, true))))
            .apply("FlattenNewAndPublished", Flatten.pCollections())
            .setCoder(tagged)
            .apply("GroupBuckets", GroupByKey.create())
            .apply(
                "PickRepresentatives",
                ParDo.of(new PickFn<>(keyName, keyFn, uniqueTag, duplicateTag, conflictTag))
                    .withOutputTags(uniqueTag, TupleTagList.of(duplicateTag).and(conflictTag)));
    return DedupByKey.result(out, uniqueTag, duplicateTag, conflictTag, coder);
  }

  static final class BucketFn<T> extends DoFn<Parsed<T>, KV<Integer, KV<Boolean, Parsed<T>>>> {
    private final SerializableFunction<T, String> keyFn;
    private final int buckets;
    private final boolean isPublished;

    BucketFn(SerializableFunction<T, String> keyFn, int buckets, boolean isPublished) {
      this.keyFn = keyFn;
      this.buckets = buckets;
      this.isPublished = isPublished;
    }

    @ProcessElement
    public void process(
        @Element Parsed<T> record, OutputReceiver<KV<Integer, KV<Boolean, Parsed<T>>>> out) {
      out.output(
          KV.of(
              KeyBuckets.bucketOf(keyFn.apply(record.value()), buckets),
              KV.of(isPublished, record)));
    }
  }

  static final class PickFn<T>
      extends DedupByKey.SplitRepeatsFn<KV<Integer, Iterable<KV<Boolean, Parsed<T>>>>, T> {
    PickFn(
        String keyName,
        SerializableFunction<T, String> keyFn,
        TupleTag<Parsed<T>> uniqueTag,
        TupleTag<Parsed<T>> duplicateTag,
        TupleTag<DeadLetter> conflictTag) {
      super(keyName, keyFn, uniqueTag, duplicateTag, conflictTag);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<Boolean, Parsed<T>>>> bucket, MultiOutputReceiver out) {
      Map<String, Parsed<T>> published = new HashMap<>();
      Map<String, List<Parsed<T>>> fresh = new HashMap<>();
      for (KV<Boolean, Parsed<T>> tagged : bucket.getValue()) {
        Parsed<T> record = tagged.getValue();
        String key = keyFn.apply(record.value());
        if (tagged.getKey()) {
          // one published row per key; should there be more, the first source stays the one
          published.merge(key, record, (a, b) -> a.source().compareTo(b.source()) <= 0 ? a : b);
        } else {
          fresh.computeIfAbsent(key, k -> new ArrayList<>(1)).add(record);
        }
      }
      for (Map.Entry<String, List<Parsed<T>>> entry : fresh.entrySet()) {
        List<Parsed<T>> group = entry.getValue();
        group.sort((a, b) -> a.source().compareTo(b.source()));
        Parsed<T> kept = published.get(entry.getKey());
        List<Parsed<T>> others = group;
        if (kept == null) {
          kept = group.get(0);
          out.get(uniqueTag).output(kept);
          others = group.subList(1, group.size());
        }
        splitRepeats(entry.getKey(), kept, others, out);
      }
    }
  }
}
