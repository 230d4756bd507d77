package dev.etl.transforms.core;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The streaming form of {@link DedupByKey}: the same three outputs, with per-key state instead of
 * one grouping of everything. The representative is the first record of a key to arrive (batch: the
 * smallest file position, which a stream cannot wait for). Later records equal to it are
 * duplicates, others {@code conflicting_duplicate} dead letters, as in batch.
 *
 * <p>A key's state expires {@code horizon} of event time after its first record (an event-time
 * timer), so memory stays bounded on an endless stream: a repeat arriving after that is taken as
 * new.
 */
public final class DedupByKeyStream<T>
    extends PTransform<PCollection<Parsed<T>>, StepResult<Parsed<T>>> {
  public static final Duration DEFAULT_HORIZON = Duration.standardDays(1);

  private final String keyName;
  private final SerializableFunction<T, String> keyFn;
  private final Duration horizon;

  private DedupByKeyStream(
      String keyName, SerializableFunction<T, String> keyFn, Duration horizon) {
    if (!horizon.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the dedup horizon must be positive, got " + horizon);
    }
    this.keyName = keyName;
    this.keyFn = keyFn;
    this.horizon = horizon;
  }

  /** {@code keyName} only names the key in dead-letter details. */
  public static <T> DedupByKeyStream<T> by(
      String keyName, SerializableFunction<T, String> keyFn, Duration horizon) {
    return new DedupByKeyStream<>(keyName, keyFn, horizon);
  }

  @Override
  public StepResult<Parsed<T>> expand(PCollection<Parsed<T>> input) {
    Parsed.ParsedCoder<T> coder = (Parsed.ParsedCoder<T>) input.getCoder();
    TupleTag<Parsed<T>> uniqueTag = new TupleTag<>() {};
    TupleTag<Parsed<T>> duplicateTag = new TupleTag<>() {};
    TupleTag<DeadLetter> conflictTag = new TupleTag<>() {};
    SerializableFunction<T, String> key = keyFn;
    PCollectionTuple out =
        input
            .apply(
                "KeyBy" + keyName,
                WithKeys.of((Parsed<T> p) -> key.apply(p.value()))
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
            .apply(
                "KeepFirstPerKey",
                ParDo.of(
                        new KeepFirstFn<>(
                            keyName, horizon, coder, uniqueTag, duplicateTag, conflictTag))
                    .withOutputTags(uniqueTag, TupleTagList.of(duplicateTag).and(conflictTag)));
    return DedupByKey.result(out, uniqueTag, duplicateTag, conflictTag, coder);
  }

  static final class KeepFirstFn<T> extends DoFn<KV<String, Parsed<T>>, Parsed<T>> {
    private final String keyName;
    private final Duration horizon;
    private final TupleTag<Parsed<T>> uniqueTag;
    private final TupleTag<Parsed<T>> duplicateTag;
    private final TupleTag<DeadLetter> conflictTag;

    @StateId("kept")
    private final StateSpec<ValueState<Parsed<T>>> keptSpec;

    @TimerId("expire")
    private final TimerSpec expireSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    KeepFirstFn(
        String keyName,
        Duration horizon,
        Parsed.ParsedCoder<T> coder,
        TupleTag<Parsed<T>> uniqueTag,
        TupleTag<Parsed<T>> duplicateTag,
        TupleTag<DeadLetter> conflictTag) {
      this.keyName = keyName;
      this.horizon = horizon;
      this.keptSpec = StateSpecs.value(coder);
      this.uniqueTag = uniqueTag;
      this.duplicateTag = duplicateTag;
      this.conflictTag = conflictTag;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Parsed<T>> element,
        @Timestamp Instant timestamp,
        @StateId("kept") ValueState<Parsed<T>> keptState,
        @TimerId("expire") Timer expire,
        MultiOutputReceiver out) {
      Parsed<T> record = element.getValue();
      Parsed<T> kept = keptState.read();
      if (kept == null) {
        keptState.write(record);
        expire.set(timestamp.plus(horizon));
        out.get(uniqueTag).output(record);
      } else if (kept.value().equals(record.value())) {
        out.get(duplicateTag).output(record);
      } else {
        out.get(conflictTag)
            .output(DedupByKey.conflict(keyName, element.getKey(), kept, record, "offset"));
      }
    }

    @OnTimer("expire")
    public void onExpire(@StateId("kept") ValueState<Parsed<T>> keptState) {
      keptState.clear();
    }
  }
}
