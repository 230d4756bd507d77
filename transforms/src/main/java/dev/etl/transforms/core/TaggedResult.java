package dev.etl.transforms.core;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** The output of a step that splits its input into good records and dead letters. */
public final class TaggedResult<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<T> goodTag;
  private final PCollection<T> good;
  private final TupleTag<DeadLetter> rejectedTag;
  private final PCollection<DeadLetter> rejected;

  public TaggedResult(
      Pipeline pipeline,
      TupleTag<T> goodTag,
      PCollection<T> good,
      TupleTag<DeadLetter> rejectedTag,
      PCollection<DeadLetter> rejected) {
    this.pipeline = pipeline;
    this.goodTag = goodTag;
    this.good = good;
    this.rejectedTag = rejectedTag;
    this.rejected = rejected;
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
    return Map.of(goodTag, good, rejectedTag, rejected);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
}
