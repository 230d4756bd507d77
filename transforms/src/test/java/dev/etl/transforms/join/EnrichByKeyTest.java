package dev.etl.transforms.join;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Facts are strings "track:play" keyed by the part before the colon (no colon: a null key);
 * dimension rows are strings "track|title" keyed by the part before the bar. Every test runs with
 * both strategies and the same expectations, so the strategies must agree.
 */
@RunWith(Parameterized.class)
public class EnrichByKeyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Parameterized.Parameters(name = "{0}")
  public static Object[] strategies() {
    return EnrichByKey.Strategy.values();
  }

  @Parameterized.Parameter public EnrichByKey.Strategy strategy;

  static Parsed<String> fact(String file, long offset, String value) {
    return new Parsed<>(new SourceLine(file, offset, value), value);
  }

  static String factKey(String fact) {
    int colon = fact.indexOf(':');
    return colon < 0 ? null : fact.substring(0, colon);
  }

  static String rowKey(String row) {
    int bar = row.indexOf('|');
    return bar < 0 ? null : row.substring(0, bar);
  }

  private PCollection<String> dimension(String name, List<String> rows) {
    return p.apply(name, Create.of(rows).withCoder(StringUtf8Coder.of()));
  }

  private EnrichByKey.Result<String, String> enrich(List<Parsed<String>> facts, List<String> rows) {
    return enrich(facts, EnrichByKey.of("track_id", EnrichByKeyTest::factKey, dimension("Dimension", rows), EnrichByKeyTest::rowKey));
  }

  private EnrichByKey.Result<String, String> enrich(
      List<Parsed<String>> facts, EnrichByKey<String, String> enrich) {
    return p.apply("Facts", Create.of(facts).withCoder(Parsed.coder(StringUtf8Coder.of())))
        .apply(enrich.withStrategy(strategy));
  }

  /** file@offset|reason|detail of each dead letter. */
  static PCollection<String> described(PCollection<DeadLetter> letters) {
    return described("DescribeDeadLetters", letters);
  }

  static PCollection<String> described(String name, PCollection<DeadLetter> letters) {
    return letters.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter d) -> d.source().file() + "@" + d.source().offset() + "|" + d.reason() + "|" + d.detail()));
  }

  /** Runs the pipeline and returns the IllegalStateException it failed with. */
  private IllegalStateException failure() {
    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> p.run().waitUntilFinish());
    Throwable cause = e;
    while (cause != null && !(cause instanceof IllegalStateException)) {
      cause = cause.getCause();
    }
    assertThat("cause of " + e, cause, instanceOf(IllegalStateException.class));
    return (IllegalStateException) cause;
  }

  @Test
  public void manyFactsPerKeyAreEachPairedWithTheirRow() {
    EnrichByKey.Result<String, String> result =
        enrich(
            List.of(fact("f", 1, "T1:a"), fact("f", 2, "T2:b"), fact("f", 3, "T1:c"), fact("g", 1, "T1:a")),
            List.of("T1|One", "T2|Two"));
    // the same fact twice (from two lines) is paired twice: enrichment neither dedups nor drops
    PAssert.that(result.matched())
        .containsInAnyOrder(KV.of("T1:a", "T1|One"), KV.of("T1:a", "T1|One"), KV.of("T1:c", "T1|One"), KV.of("T2:b", "T2|Two"));
    PAssert.that(result.unknown()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void dimensionRowsWithoutFactsProduceNothing() {
    EnrichByKey.Result<String, String> result =
        enrich(List.of(fact("f", 1, "T2:x")), List.of("T1|One", "T2|Two", "T3|Three"));
    PAssert.that(result.matched()).containsInAnyOrder(KV.of("T2:x", "T2|Two"));
    PAssert.that(result.unknown()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void orphanFactsAreDeadLetteredWithTheirSourceLine() {
    EnrichByKey.Result<String, String> result =
        enrich(
            List.of(fact("f", 10, "T1:ok"), fact("f", 20, "T9:orphan"), fact("g", 30, "T9:again"), fact("g", 40, "t1:case")),
            List.of("T1|One"));
    PAssert.that(result.matched()).containsInAnyOrder(KV.of("T1:ok", "T1|One"));
    // keys match exactly: t1 is not T1
    PAssert.that(described(result.unknown()))
        .containsInAnyOrder(
            "f@20|unknown_track_id|track_id T9 is not in the dimension",
            "g@30|unknown_track_id|track_id T9 is not in the dimension",
            "g@40|unknown_track_id|track_id t1 is not in the dimension");
    PAssert.that(result.unknown())
        .satisfies(
            letters -> {
              for (DeadLetter d : letters) {
                // the dead letter keeps the fact's own line
                assertThat(d.detail(), containsString("track_id " + factKey(d.source().raw()) + " "));
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void nullAndBlankKeysAreDeadLetteredNotDropped() {
    EnrichByKey.Result<String, String> result =
        enrich(
            List.of(fact("f", 1, "no colon"), fact("f", 2, ":empty"), fact("f", 3, "  :spaces"), fact("f", 4, "T1:ok")),
            // a blank dimension key matches nothing, not even a blank fact key
            List.of("T1|One", "|blank", "  |spaces"));
    PAssert.that(result.matched()).containsInAnyOrder(KV.of("T1:ok", "T1|One"));
    PAssert.that(described(result.unknown()))
        .containsInAnyOrder(
            "f@1|unknown_track_id|track_id null is not in the dimension",
            "f@2|unknown_track_id|track_id \"\" is not in the dimension",
            "f@3|unknown_track_id|track_id \"  \" is not in the dimension");
    p.run().waitUntilFinish();
  }

  @Test
  public void dimensionRowsWithoutKeyAreIgnoredEvenWhenRepeated() {
    EnrichByKey.Result<String, String> result =
        enrich(List.of(fact("f", 1, "T1:ok")), List.of("no bar", "no bar either", "|a", "|b", "T1|One"));
    PAssert.that(result.matched()).containsInAnyOrder(KV.of("T1:ok", "T1|One"));
    PAssert.that(result.unknown()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void theReasonCanBeChosen() {
    EnrichByKey.Result<String, String> result =
        enrich(
            List.of(fact("f", 1, "T9:x"), fact("f", 2, "none")),
            EnrichByKey.of("track_id", EnrichByKeyTest::factKey, dimension("Dimension", List.of("T1|One")), EnrichByKeyTest::rowKey)
                .withUnknownReason("track_not_found"));
    PAssert.that(described(result.unknown()))
        .containsInAnyOrder(
            "f@1|track_not_found|track_id T9 is not in the dimension",
            "f@2|track_not_found|track_id null is not in the dimension");
    PAssert.that(result.matched()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void noFactsGiveNothing() {
    EnrichByKey.Result<String, String> result = enrich(List.of(), List.of("T1|One", "T2|Two"));
    PAssert.that(result.matched()).empty();
    PAssert.that(result.unknown()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void anEmptyDimensionMakesEveryFactUnknown() {
    EnrichByKey.Result<String, String> result = enrich(List.of(fact("f", 1, "T1:a"), fact("f", 2, "T2:b")), List.of());
    PAssert.that(result.matched()).empty();
    PAssert.that(described(result.unknown()))
        .containsInAnyOrder(
            "f@1|unknown_track_id|track_id T1 is not in the dimension",
            "f@2|unknown_track_id|track_id T2 is not in the dimension");
    p.run().waitUntilFinish();
  }

  @Test
  public void duplicateDimensionKeysFailNamingTheKey() {
    enrich(List.of(fact("f", 1, "T1:a"), fact("f", 2, "T2:b")), List.of("T1|One", "T2|Two", "T2|Deux"));
    IllegalStateException e = failure();
    assertThat(e.getMessage(), containsString("2 rows with track_id T2"));
    assertThat(e.getMessage(), containsString("unique"));
  }

  @Test
  public void duplicateDimensionKeysFailEvenWithoutFactsForThem() {
    enrich(List.of(fact("f", 1, "T1:a")), List.of("T1|One", "T3|Three", "T3|Three", "T3|Trois"));
    assertThat(failure().getMessage(), containsString("3 rows with track_id T3"));
  }

  @Test
  public void duplicateDimensionKeysFailEvenWithoutAnyFact() {
    enrich(List.of(), List.of("T1|One", "T1|Un"));
    assertThat(failure().getMessage(), containsString("track_id T1"));
  }

  @Test
  public void matchedFactsAreCodedWithTheFactAndDimensionCoders() {
    EnrichByKey.Result<String, String> result = enrich(List.of(fact("f", 1, "T1:a")), List.of("T1|One"));
    assertEquals(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), result.matched().getCoder());
    assertEquals(DeadLetter.Coder.of(), result.unknown().getCoder());
    p.run().waitUntilFinish();
  }

  @Test
  public void manyFactsAndKeysMixed() {
    // 60 keys in the dimension; facts for keys 0..79, key i repeated i % 4 + 1 times
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      rows.add("K" + i + "|row" + i);
    }
    List<Parsed<String>> facts = new ArrayList<>();
    List<KV<String, String>> matched = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    long offset = 0;
    for (int i = 79; i >= 0; i--) {
      for (int copy = 0; copy <= i % 4; copy++) {
        String value = "K" + i + ":play" + copy;
        facts.add(fact("plays.csv", offset, value));
        if (i < 60) {
          matched.add(KV.of(value, "K" + i + "|row" + i));
        } else {
          unknown.add("plays.csv@" + offset + "|unknown_track_id|track_id K" + i + " is not in the dimension");
        }
        offset += 10;
      }
    }
    EnrichByKey.Result<String, String> result = enrich(facts, rows);
    PAssert.that(result.matched()).containsInAnyOrder(matched);
    PAssert.that(described(result.unknown())).containsInAnyOrder(unknown);
    p.run().waitUntilFinish();
  }
}
