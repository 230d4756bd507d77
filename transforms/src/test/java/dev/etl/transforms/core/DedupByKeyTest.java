package dev.etl.transforms.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

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
 * Records are strings "key:content"; the key is the part before the colon. Every pipeline test runs
 * with the default bucket count, with one bucket (all keys share a group) and with three.
 */
@RunWith(Parameterized.class)
public class DedupByKeyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Parameterized.Parameters(name = "buckets={0}")
  public static Object[] buckets() {
    return new Object[] {KeyBuckets.DEFAULT_BUCKETS, 1, 3};
  }

  @Parameterized.Parameter public int buckets;

  private static Parsed<String> rec(String file, long offset, String value) {
    return new Parsed<>(new SourceLine(file, offset, value), value);
  }

  private StepResult<Parsed<String>> dedup(List<Parsed<String>> records) {
    return p.apply(Create.of(records).withCoder(Parsed.coder(StringUtf8Coder.of())))
        .apply(
            withBuckets(DedupByKey.by("record_key", (String s) -> s.substring(0, s.indexOf(':')))));
  }

  private DedupByKey<String> withBuckets(DedupByKey<String> dedup) {
    return buckets == KeyBuckets.DEFAULT_BUCKETS ? dedup : dedup.withBuckets(buckets);
  }

  /** file@offset|reason of each dead letter. */
  private static PCollection<String> described(PCollection<DeadLetter> letters) {
    return letters.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(
                (DeadLetter d) ->
                    d.source().file() + "@" + d.source().offset() + "|" + d.reason()));
  }

  @Test
  public void uniqueKeysPassThrough() {
    List<Parsed<String>> records =
        List.of(rec("f", 1, "a:1"), rec("f", 2, "b:1"), rec("g", 1, "c:1"));
    StepResult<Parsed<String>> result = dedup(records);
    PAssert.that(result.good()).containsInAnyOrder(records);
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(0L);
    PAssert.that(result.rejected()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void exactDuplicatesAreRemovedAndReported() {
    StepResult<Parsed<String>> result =
        dedup(
            List.of(
                rec("f", 9, "a:1"), rec("f", 5, "a:1"), rec("f", 7, "b:2"), rec("f", 3, "a:1")));
    PAssert.that(result.good()).containsInAnyOrder(rec("f", 3, "a:1"), rec("f", 7, "b:2"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(2L);
    PAssert.that(result.rejected()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void conflictingContentIsDeadLetteredAndTheEarliestIsKeptWhateverTheInputOrder() {
    // the earliest record comes last in the input
    StepResult<Parsed<String>> result =
        dedup(List.of(rec("f", 50, "a:late"), rec("f", 20, "a:middle"), rec("f", 10, "a:early")));
    PAssert.that(result.good()).containsInAnyOrder(rec("f", 10, "a:early"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(0L);
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder(
            "f@20|" + DedupByKey.CONFLICTING_DUPLICATE, "f@50|" + DedupByKey.CONFLICTING_DUPLICATE);
    PAssert.that(result.rejected())
        .satisfies(
            letters -> {
              for (DeadLetter d : letters) {
                assertEquals("f", d.source().file());
                assertThat(d.source().raw(), startsWith("a:"));
                assertThat(d.detail(), containsString("record_key a"));
                assertThat(d.detail(), containsString("kept from f at byte 10"));
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void fileOrdersBeforeOffset() {
    // b.csv@1 is later than a.csv@100: files compare first
    StepResult<Parsed<String>> result =
        dedup(List.of(rec("b.csv", 1, "k:from-b"), rec("a.csv", 100, "k:from-a")));
    PAssert.that(result.good()).containsInAnyOrder(rec("a.csv", 100, "k:from-a"));
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder("b.csv@1|" + DedupByKey.CONFLICTING_DUPLICATE);
    p.run().waitUntilFinish();
  }

  @Test
  public void threeWayMixKeepsTheEarliestCountsTheDuplicateAndRejectsTheConflict() {
    // A@1 and A@5 identical, B@3 different content for the same key; earliest given last
    StepResult<Parsed<String>> result =
        dedup(List.of(rec("f", 5, "k:A"), rec("f", 3, "k:B"), rec("f", 1, "k:A")));
    PAssert.that(result.good()).containsInAnyOrder(rec("f", 1, "k:A"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(1L);
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder("f@3|" + DedupByKey.CONFLICTING_DUPLICATE);
    p.run().waitUntilFinish();
  }

  @Test
  public void conflictingRecordsThatAgreeWithEachOtherAreStillAllRejected() {
    StepResult<Parsed<String>> result =
        dedup(List.of(rec("f", 4, "k:B"), rec("f", 3, "k:B"), rec("f", 2, "k:A")));
    PAssert.that(result.good()).containsInAnyOrder(rec("f", 2, "k:A"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(0L);
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder(
            "f@3|" + DedupByKey.CONFLICTING_DUPLICATE, "f@4|" + DedupByKey.CONFLICTING_DUPLICATE);
    p.run().waitUntilFinish();
  }

  @Test
  public void manyKeysAtOnce() {
    StepResult<Parsed<String>> result =
        dedup(
            List.of(
                rec("f", 40, "x:1"),
                rec("f", 30, "y:1"),
                rec("f", 20, "x:1"),
                rec("f", 10, "y:2"),
                rec("f", 60, "z:1"),
                rec("f", 50, "x:9")));
    PAssert.that(result.good())
        .containsInAnyOrder(rec("f", 20, "x:1"), rec("f", 10, "y:2"), rec("f", 60, "z:1"));
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(1L);
    PAssert.that(described(result.rejected()))
        .containsInAnyOrder(
            "f@30|" + DedupByKey.CONFLICTING_DUPLICATE, "f@50|" + DedupByKey.CONFLICTING_DUPLICATE);
    p.run().waitUntilFinish();
  }

  @Test
  public void manyKeysSharingBuckets() {
    // 200 keys in f; every 10th repeated identically in g (later file); every 15th also has other
    // content in e (earlier file), which then becomes the representative
    List<Parsed<String>> input = new java.util.ArrayList<>();
    List<Parsed<String>> unique = new java.util.ArrayList<>();
    List<Parsed<String>> duplicates = new java.util.ArrayList<>();
    List<String> conflicting = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Parsed<String> main = rec("f", 1000 + i, "k" + i + ":v");
      input.add(main);
      Parsed<String> again = rec("g", i, "k" + i + ":v");
      if (i % 10 == 0) {
        input.add(again);
      }
      if (i % 15 == 0) {
        Parsed<String> earlier = rec("e", i, "k" + i + ":other");
        input.add(earlier);
        unique.add(earlier);
        conflicting.add("f@" + (1000 + i) + "|" + DedupByKey.CONFLICTING_DUPLICATE);
        if (i % 10 == 0) {
          conflicting.add("g@" + i + "|" + DedupByKey.CONFLICTING_DUPLICATE);
        }
      } else {
        unique.add(main);
        if (i % 10 == 0) {
          duplicates.add(again);
        }
      }
    }
    java.util.Collections.reverse(input);
    StepResult<Parsed<String>> result = dedup(input);
    PAssert.that(result.good()).containsInAnyOrder(unique);
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo((long) duplicates.size());
    PAssert.that(described(result.rejected())).containsInAnyOrder(conflicting);
    p.run().waitUntilFinish();
  }

  @Test
  public void bucketCountMustBePositive() {
    DedupByKey<String> dedup = DedupByKey.by("k", (String s) -> s);
    assertThrows(IllegalArgumentException.class, () -> dedup.withBuckets(0));
    assertThrows(IllegalArgumentException.class, () -> dedup.withBuckets(-1));
  }
}
