package dev.etl.transforms.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
 * content to it are duplicates: removed and emitted on {@link Result#duplicates()} so they can be
 * counted. Records with the same key but other content go to the dead letters as {@code
 * conflicting_duplicate} (even if two of them agree with each other: only the representative is
 * trusted).
 */
public class DedupByKey<T> extends PTransform<PCollection<Parsed<T>>, DedupByKey.Result<T>> {
  public static final String CONFLICTING_DUPLICATE = "conflicting_duplicate";

  private final String keyName;
  private final SerializableFunction<T, String> keyFn;

  private DedupByKey(String keyName, SerializableFunction<T, String> keyFn) {
    this.keyName = keyName;
    this.keyFn = keyFn;
  }

  /** {@code keyName} only names the key in dead-letter details. */
  public static <T> DedupByKey<T> by(String keyName, SerializableFunction<T, String> keyFn) {
    return new DedupByKey<>(keyName, keyFn);
  }

  /** Kept records, removed exact duplicates (to count them) and conflicting records as dead letters. */
  public record Result<T>(
      PCollection<Parsed<T>> unique, PCollection<Parsed<T>> duplicates, PCollection<DeadLetter> conflicting)
      implements POutput {
    @Override
    public Pipeline getPipeline() {
      return unique.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(
          new TupleTag<>("unique"), unique,
          new TupleTag<>("duplicates"), duplicates,
          new TupleTag<>("conflicting"), conflicting);
    }

    @Override
    public void finishSpecifyingOutput(String name, PInput input, PTransform<?, ?> transform) {}
  }

  @Override
  public Result<T> expand(PCollection<Parsed<T>> input) {
    Parsed.ParsedCoder<T> coder = (Parsed.ParsedCoder<T>) input.getCoder();
    TupleTag<Parsed<T>> uniqueTag = new TupleTag<>() {};
    TupleTag<Parsed<T>> duplicateTag = new TupleTag<>() {};
    TupleTag<DeadLetter> conflictTag = new TupleTag<>() {};
    SerializableFunction<T, String> key = keyFn;
    PCollectionTuple out =
        input
            .apply(
                "KeyBy" + capitalized(keyName),
                ParDo.of(
                    new DoFn<Parsed<T>, KV<String, Parsed<T>>>() {
                      @ProcessElement
                      public void process(@Element Parsed<T> record, OutputReceiver<KV<String, Parsed<T>>> o) {
                        o.output(KV.of(key.apply(record.value()), record));
                      }
                    }))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
            .apply("GroupBy" + capitalized(keyName), GroupByKey.create())
            .apply(
                "PickRepresentatives",
                ParDo.of(new PickFn<T>(keyName, uniqueTag, duplicateTag, conflictTag))
                    .withOutputTags(uniqueTag, TupleTagList.of(duplicateTag).and(conflictTag)));
    return new Result<>(
        out.get(uniqueTag).setCoder(coder),
        out.get(duplicateTag).setCoder(coder),
        out.get(conflictTag).setCoder(DeadLetter.Coder.of()));
  }

  private static String capitalized(String name) {
    String camel = name.replaceAll("_(.)", "$1");
    return camel.isEmpty() ? "Key" : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
  }

  static final class PickFn<T> extends DoFn<KV<String, Iterable<Parsed<T>>>, Parsed<T>> {
    private final String keyName;
    private final TupleTag<Parsed<T>> uniqueTag;
    private final TupleTag<Parsed<T>> duplicateTag;
    private final TupleTag<DeadLetter> conflictTag;

    PickFn(String keyName, TupleTag<Parsed<T>> uniqueTag, TupleTag<Parsed<T>> duplicateTag, TupleTag<DeadLetter> conflictTag) {
      this.keyName = keyName;
      this.uniqueTag = uniqueTag;
      this.duplicateTag = duplicateTag;
      this.conflictTag = conflictTag;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Parsed<T>>> group, MultiOutputReceiver out) {
      Parsed<T> first = null;
      List<Parsed<T>> others = null;
      for (Parsed<T> record : group.getValue()) {
        if (first == null) {
          first = record;
          continue;
        }
        if (others == null) {
          others = new ArrayList<>();
        }
        if (record.source().compareTo(first.source()) < 0) {
          others.add(first);
          first = record;
        } else {
          others.add(record);
        }
      }
      out.get(uniqueTag).output(first);
      if (others == null) {
        return;
      }
      for (Parsed<T> other : others) {
        if (other.value().equals(first.value())) {
          out.get(duplicateTag).output(other);
        } else {
          out.get(conflictTag)
              .output(
                  DeadLetter.of(
                      other.source(),
                      CONFLICTING_DUPLICATE,
                      keyName
                          + " "
                          + group.getKey()
                          + " is kept from "
                          + first.source().file()
                          + " at byte "
                          + first.source().offset()
                          + " with different content"));
        }
      }
    }
  }
}
