package dev.etl.transforms.core;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Streaming only: lets each position of a source through once. A source whose readers each read one
 * source (a Kafka partition) in position order, without gaps, can after a restore hand the same
 * positions out a second time (Beam 2.62's Flink runner re-assigns restored Kafka splits as new
 * ones, apache/beam#31313). A line at or below the highest position already let through from its
 * source is such a replay and is dropped, before it is counted or deduplicated: a repeat at a new
 * position is a real duplicate and stays. The highest position is keyed state, so it rolls back
 * with the source's offsets when a job restores a checkpoint.
 */
public final class DropReplayedLines
    extends PTransform<PCollection<SourceLine>, PCollection<SourceLine>> {
  private DropReplayedLines() {}

  public static DropReplayedLines create() {
    return new DropReplayedLines();
  }

  @Override
  public PCollection<SourceLine> expand(PCollection<SourceLine> lines) {
    return lines
        .apply("KeyBySource", WithKeys.of(SourceLine::file).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), lines.getCoder()))
        .apply("KeepFirstReadOfEachOffset", ParDo.of(new KeepNewPositionsFn()))
        .setCoder(lines.getCoder());
  }

  static final class KeepNewPositionsFn extends DoFn<KV<String, SourceLine>, SourceLine> {
    @StateId("highest")
    private final StateSpec<ValueState<Long>> highestSpec = StateSpecs.value(VarLongCoder.of());

    @ProcessElement
    public void process(
        @Element KV<String, SourceLine> element,
        @StateId("highest") ValueState<Long> highest,
        OutputReceiver<SourceLine> out) {
      SourceLine line = element.getValue();
      Long seen = highest.read();
      if (seen == null || line.offset() > seen) {
        highest.write(line.offset());
        out.output(line);
      }
    }
  }
}
