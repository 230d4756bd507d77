package dev.etl.transforms.core;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The output of a step that splits its input into good records and dead letters, plus per-bundle
 * counts of what it saw (so the reconciliation need not read the input a second time).
 */
public final class TaggedResult<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<T> goodTag;
  private final PCollection<T> good;
  private final TupleTag<DeadLetter> rejectedTag;
  private final PCollection<DeadLetter> rejected;
  private final TupleTag<KV<String, Long>> countsTag;
  private final PCollection<KV<String, Long>> counts;

  public TaggedResult(
      Pipeline pipeline,
      TupleTag<T> goodTag,
      PCollection<T> good,
      TupleTag<DeadLetter> rejectedTag,
      PCollection<DeadLetter> rejected,
      TupleTag<KV<String, Long>> countsTag,
      PCollection<KV<String, Long>> counts) {
    this.pipeline = pipeline;
    this.goodTag = goodTag;
    this.good = good;
    this.rejectedTag = rejectedTag;
    this.rejected = rejected;
    this.countsTag = countsTag;
    this.counts = counts;
  }

  /** (label, count) pairs per bundle, to be summed with {@link CountLabels}. */
  public PCollection<KV<String, Long>> counts() {
    return counts;
  }

  public PCollection<T> good() {
    return good;
  }

  public PCollection<DeadLetter> rejected() {
    return rejected;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(goodTag, good, rejectedTag, rejected, countsTag, counts);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
}
