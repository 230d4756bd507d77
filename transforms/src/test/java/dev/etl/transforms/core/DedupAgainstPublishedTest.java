package dev.etl.transforms.core;

import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Records are strings "key:content". Published records (an earlier run's, with their sources) are
 * representatives that are never replaced; new records are duplicates or conflicts of them, or are
 * deduplicated among themselves as {@link DedupByKey} does.
 */
@RunWith(Parameterized.class)
public class DedupAgainstPublishedTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Parameterized.Parameters(name = "buckets={0}")
  public static Object[] buckets() {
    return new Object[] {1, 3, KeyBuckets.DEFAULT_BUCKETS};
  }

  @Parameterized.Parameter public int buckets;

  private static Parsed<String> rec(String file, long offset, String value) {
    return new Parsed<>(new SourceLine(file, offset, value), value);
  }

  private StepResult<Parsed<String>> dedup(
      List<Parsed<String>> published, List<Parsed<String>> fresh) {
    PCollection<Parsed<String>> old =
        p.apply("Published", Create.of(published).withCoder(Parsed.coder(StringUtf8Coder.of())));
    return p.apply("New", Create.of(fresh).withCoder(Parsed.coder(StringUtf8Coder.of())))
        .apply(
            DedupAgainstPublished.of(
                "record_key", (String s) -> s.substring(0, s.indexOf(':')), buckets, old));
  }

  private static PCollection<String> described(PCollection<DeadLetter> letters) {
    return letters.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(
                (DeadLetter d) ->
                    d.source().file()
                        + "@"
                        + d.source().offset()
                        + "|"
                        + d.reason()
                        + "|"
                        + d.detail()));
  }

  @Test
  public void aPublishedKeyKeepsItsRowAndNewCopiesAreDuplicatesOrConflicts() {
    StepResult<Parsed<String>> result =
        dedup(
            List.of(rec("day1", 10, "a:1"), rec("day1", 20, "b:1")),
            List.of(
                rec("day2", 5, "a:1"), // identical to the published a
                rec("day2", 7, "b:2"), // b with other content
                rec("day2", 9, "b:1"), // identical to the published b, after the conflict
                rec("day2", 11, "c:1")));
    PAssert.that(result.good()).containsInAnyOrder(rec("day2", 11, "c:1"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(2L);
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder(
            "day2@7|conflicting_duplicate|record_key b is kept from day1 at byte 20 with different"
                + " content");
    p.run().waitUntilFinish();
  }

  @Test
  public void newKeysAreDeduplicatedAmongThemselvesByTheirFirstSource() {
    StepResult<Parsed<String>> result =
        dedup(
            List.of(rec("day1", 1, "z:1")),
            List.of(
                rec("day2", 30, "a:1"),
                rec("day2", 10, "a:1"),
                rec("day3", 1, "a:2"),
                rec("day2", 20, "a:1")));
    PAssert.that(result.good()).containsInAnyOrder(rec("day2", 10, "a:1"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(2L);
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder(
            "day3@1|conflicting_duplicate|record_key a is kept from day2 at byte 10 with different"
                + " content");
    p.run().waitUntilFinish();
  }

  @Test
  public void publishedRowsAloneProduceNothing() {
    StepResult<Parsed<String>> result =
        dedup(List.of(rec("day1", 1, "a:1"), rec("day1", 2, "b:1")), List.of());
    PAssert.that(result.good()).empty();
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(0L);
    PAssert.that(result.rejected()).empty();
    p.run().waitUntilFinish();
  }
}
