package dev.etl.transforms.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Removes duplicate records by a key, deterministically on every runner.
 *
 * <p>Per key the representative is the record from the smallest (file, offset). Records equal in
 * content to it are duplicates: removed and counted as {@value #DUPLICATES_REMOVED} in the {@link
 * StepResult#counts()}. Records with the same key but other content go to the dead letters as
 * {@code conflicting_duplicate} (even if two of them agree with each other: only the representative
 * is trusted).
 *
 * <p>Records are grouped by a bucket of their key (the key's hash modulo {@code buckets}), not by
 * the key itself, and deduplicated per key within the bucket. Per-key groups are almost all
 * singletons here, and a runner pays per group: the direct runner makes every group its own bundle
 * (a 5,000-row sample took ten minutes keyed by id, seconds bucketed). A bucket holds about rows /
 * buckets records in memory, and the bucket count bounds the parallelism of this step.
 */
public class DedupByKey<T> extends PTransform<PCollection<Parsed<T>>, StepResult<Parsed<T>>> {
  public static final String CONFLICTING_DUPLICATE = "conflicting_duplicate";

  /** The count label of the exact duplicates removed. */
  public static final String DUPLICATES_REMOVED = "duplicates_removed";

  private final String keyName;
  private final SerializableFunction<T, String> keyFn;
  private final int buckets;

  private DedupByKey(String keyName, SerializableFunction<T, String> keyFn, int buckets) {
    this.keyName = keyName;
    this.keyFn = keyFn;
    this.buckets = buckets;
  }

  /** {@code keyName} only names the key in dead-letter details. */
  public static <T> DedupByKey<T> by(String keyName, SerializableFunction<T, String> keyFn) {
    return new DedupByKey<>(keyName, keyFn, KeyBuckets.DEFAULT_BUCKETS);
  }

  /** More buckets: more parallelism and smaller groups in memory, more per-group overhead. */
  public DedupByKey<T> withBuckets(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    return new DedupByKey<>(keyName, keyFn, buckets);
  }

  @Override
  public StepResult<Parsed<T>> expand(PCollection<Parsed<T>> input) {
    Parsed.ParsedCoder<T> coder = (Parsed.ParsedCoder<T>) input.getCoder();
    TupleTag<Parsed<T>> uniqueTag = new TupleTag<>() {};
    TupleTag<Parsed<T>> duplicateTag = new TupleTag<>() {};
    TupleTag<DeadLetter> conflictTag = new TupleTag<>() {};
    SerializableFunction<T, String> key = keyFn;
    int bucketCount = buckets;
    PCollectionTuple out =
        input
            .apply(
                "BucketBy" + capitalized(keyName),
                ParDo.of(
                    new DoFn<Parsed<T>, KV<Integer, Parsed<T>>>() {
                      @ProcessElement
                      public void process(
                          @Element Parsed<T> record, OutputReceiver<KV<Integer, Parsed<T>>> o) {
                        o.output(
                            KV.of(
                                KeyBuckets.bucketOf(key.apply(record.value()), bucketCount),
                                record));
                      }
                    }))
            .setCoder(KvCoder.of(VarIntCoder.of(), coder))
            .apply("GroupBuckets", GroupByKey.create())
            .apply(
                "PickRepresentatives",
                ParDo.of(new PickFn<T>(keyName, keyFn, uniqueTag, duplicateTag, conflictTag))
                    .withOutputTags(uniqueTag, TupleTagList.of(duplicateTag).and(conflictTag)));
    return result(out, uniqueTag, duplicateTag, conflictTag, coder);
  }

  /**
   * The kept records, the conflicting ones as dead letters, and the exact duplicates counted as
   * {@value #DUPLICATES_REMOVED} (shared by the streaming and the incremental forms).
   */
  static <T> StepResult<Parsed<T>> result(
      PCollectionTuple out,
      TupleTag<Parsed<T>> uniqueTag,
      TupleTag<Parsed<T>> duplicateTag,
      TupleTag<DeadLetter> conflictTag,
      Parsed.ParsedCoder<T> coder) {
    return new StepResult<>(
        out.get(uniqueTag).setCoder(coder),
        out.get(conflictTag).setCoder(DeadLetter.Coder.of()),
        out.get(duplicateTag)
            .setCoder(coder)
            .apply("CountDuplicates", CountLabels.perBundle(DUPLICATES_REMOVED)));
  }

  private static String capitalized(String name) {
    String camel = name.replaceAll("_(.)", "$1");
    return camel.isEmpty() ? "Key" : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
  }

  /**
   * The dead letter of a record whose key is kept from another record with different content;
   * {@code unit} names the kept record's position ("byte" in a file, "offset" in a topic
   * partition).
   */
  public static DeadLetter conflict(
      String keyName, String key, Parsed<?> kept, Parsed<?> other, String unit) {
    return DeadLetter.of(
        other.source(),
        CONFLICTING_DUPLICATE,
        keyName
            + " "
            + key
            + " is kept from "
            + kept.source().file()
            + " at "
            + unit
            + " "
            + kept.source().offset()
            + " with different content");
  }

  /**
   * What both batch dedups do once a key's kept record is chosen: every other record of the key is
   * a duplicate (same content) or a conflicting_duplicate dead letter.
   */
  abstract static class SplitRepeatsFn<I, T> extends DoFn<I, Parsed<T>> {
    final String keyName;
    final SerializableFunction<T, String> keyFn;
    final TupleTag<Parsed<T>> uniqueTag;
    final TupleTag<Parsed<T>> duplicateTag;
    final TupleTag<DeadLetter> conflictTag;

    SplitRepeatsFn(
        String keyName,
        SerializableFunction<T, String> keyFn,
        TupleTag<Parsed<T>> uniqueTag,
        TupleTag<Parsed<T>> duplicateTag,
        TupleTag<DeadLetter> conflictTag) {
      this.keyName = keyName;
      this.keyFn = keyFn;
      this.uniqueTag = uniqueTag;
      this.duplicateTag = duplicateTag;
      this.conflictTag = conflictTag;
    }

    void splitRepeats(String key, Parsed<T> kept, List<Parsed<T>> others, MultiOutputReceiver out) {
      for (Parsed<T> other : others) {
        if (other.value().equals(kept.value())) {
          out.get(duplicateTag).output(other);
        } else {
          out.get(conflictTag).output(conflict(keyName, key, kept, other, "byte"));
        }
      }
    }
  }

  static final class PickFn<T> extends SplitRepeatsFn<KV<Integer, Iterable<Parsed<T>>>, T> {
    PickFn(
        String keyName,
        SerializableFunction<T, String> keyFn,
        TupleTag<Parsed<T>> uniqueTag,
        TupleTag<Parsed<T>> duplicateTag,
        TupleTag<DeadLetter> conflictTag) {
      super(keyName, keyFn, uniqueTag, duplicateTag, conflictTag);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Parsed<T>>> bucket, MultiOutputReceiver out) {
      // Most keys are unique: keep the first record per key, lists only for the repeated ones.
      Map<String, Parsed<T>> first = new HashMap<>();
      Map<String, List<Parsed<T>>> repeated = new HashMap<>();
      for (Parsed<T> record : bucket.getValue()) {
        String key = keyFn.apply(record.value());
        Parsed<T> seen = first.putIfAbsent(key, record);
        if (seen != null) {
          repeated.computeIfAbsent(key, k -> new ArrayList<>(List.of(seen))).add(record);
        }
      }
      for (Map.Entry<String, Parsed<T>> entry : first.entrySet()) {
        List<Parsed<T>> group = repeated.get(entry.getKey());
        if (group == null) {
          out.get(uniqueTag).output(entry.getValue());
        } else {
          pick(entry.getKey(), group, out);
        }
      }
    }

    private void pick(String key, List<Parsed<T>> group, MultiOutputReceiver out) {
      group.sort((a, b) -> a.source().compareTo(b.source()));
      Parsed<T> kept = group.get(0);
      out.get(uniqueTag).output(kept);
      splitRepeats(key, kept, group.subList(1, group.size()), out);
    }
  }
}
