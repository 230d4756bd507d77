package dev.etl.transforms.core;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The outputs of every step of ours that has more than one: the records it passes on, the dead
 * letters of the records it rejected, and (label, count) pairs per bundle of what it saw, to be
 * summed with {@link CountLabels} for the run's reconciliation. Beam's {@code WithFailures.Result}
 * has no counts, which every job needs next to its failures; {@link #failuresTo} and {@link
 * #countsTo} follow its idiom, so a job gathers both as it builds.
 */
public record StepResult<T>(
    PCollection<T> good, PCollection<DeadLetter> rejected, PCollection<KV<String, Long>> counts)
    implements POutput {
  /** The coder of every step's counts. */
  public static final KvCoder<String, Long> COUNTS_CODER =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  /** A step that rejects nothing: its dead letters are an empty collection. */
  public static <T> StepResult<T> withoutRejects(
      PCollection<T> good, PCollection<KV<String, Long>> counts) {
    return new StepResult<>(
        good,
        good.getPipeline().apply("NothingRejected", Create.empty(DeadLetter.Coder.of())),
        counts);
  }

  /** Adds the dead letters to {@code failures} and returns the good records. */
  public PCollection<T> failuresTo(List<PCollection<DeadLetter>> failures) {
    failures.add(rejected);
    return good;
  }

  /** Adds the counts to {@code allCounts}; returns this, for {@link #failuresTo}. */
  public StepResult<T> countsTo(List<PCollection<KV<String, Long>>> allCounts) {
    allCounts.add(counts);
    return this;
  }

  @Override
  public Pipeline getPipeline() {
    return good.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(
        new TupleTag<>("good"), good,
        new TupleTag<>("rejected"), rejected,
        new TupleTag<>("counts"), counts);
  }

  @Override
  public void finishSpecifyingOutput(String name, PInput input, PTransform<?, ?> transform) {}
}
