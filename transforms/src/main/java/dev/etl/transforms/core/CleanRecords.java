package dev.etl.transforms.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Lines to clean records, the first part of every job: parse (bad lines become dead letters), then
 * deduplicate (conflicting repeats become dead letters, exact ones are counted). The records keep
 * their sources ({@link Parsed#values} drops them); the dead letters of both steps travel together,
 * and so do their counts. The same composite serves the bank job in batch, incremental and
 * streaming form and the music catalog, each with its own deduplication.
 */
public final class CleanRecords<T>
    extends PTransform<PCollection<SourceLine>, StepResult<Parsed<T>>> {
  private final PTransform<PCollection<SourceLine>, StepResult<Parsed<T>>> parse;
  private final PTransform<PCollection<Parsed<T>>, StepResult<Parsed<T>>> dedup;

  private CleanRecords(
      PTransform<PCollection<SourceLine>, StepResult<Parsed<T>>> parse,
      PTransform<PCollection<Parsed<T>>, StepResult<Parsed<T>>> dedup) {
    this.parse = parse;
    this.dedup = dedup;
  }

  public static <T> CleanRecords<T> of(
      PTransform<PCollection<SourceLine>, StepResult<Parsed<T>>> parse,
      PTransform<PCollection<Parsed<T>>, StepResult<Parsed<T>>> dedup) {
    return new CleanRecords<>(parse, dedup);
  }

  @Override
  public StepResult<Parsed<T>> expand(PCollection<SourceLine> lines) {
    List<PCollection<DeadLetter>> rejected = new ArrayList<>();
    List<PCollection<KV<String, Long>>> counts = new ArrayList<>();
    PCollection<Parsed<T>> unique =
        lines
            .apply("Parse", parse)
            .countsTo(counts)
            .failuresTo(rejected)
            .apply("Dedup", dedup)
            .countsTo(counts)
            .failuresTo(rejected);
    return new StepResult<>(
        unique,
        PCollectionList.of(rejected).apply("CollectRejected", Flatten.pCollections()),
        PCollectionList.of(counts).apply("CollectCounts", Flatten.pCollections()));
  }
}
