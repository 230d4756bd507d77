package dev.etl.transforms.join;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * Facts are strings "track:play" keyed by the part before the colon (no colon: a null key);
 * dimension rows are strings "track|title" keyed by the part before the bar.
 */
public class EnrichByKeyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static Parsed<String> fact(String file, long offset, String value) {
    return new Parsed<>(new SourceLine(file, offset, value), value);
  }

  static String factKey(String fact) {
    int colon = fact.indexOf(':');
    return colon < 0 ? null : fact.substring(0, colon);
  }

  private PCollectionView<Map<String, String>> dimension(List<String> rows) {
    return p.apply("Dimension", Create.of(rows).withCoder(StringUtf8Coder.of()))
        .apply(
            "KeyRows",
            WithKeys.of((String row) -> row.substring(0, row.indexOf('|')))
                .withKeyType(TypeDescriptors.strings()))
        .apply("ViewRows", View.asMap());
  }

  /** The enriched outcomes: facts given as good outcomes, plus {@code passed} dead letters. */
  private PCollection<Outcome<KV<String, String>>> enrich(
      List<Parsed<String>> facts, List<DeadLetter> passed, List<String> rows) {
    List<Outcome<Parsed<String>>> outcomes = new ArrayList<>();
    facts.forEach(f -> outcomes.add(Outcome.good(f)));
    passed.forEach(d -> outcomes.add(Outcome.rejected(d)));
    return p.apply(
            "Facts",
            Create.of(outcomes).withCoder(Outcome.coder(Parsed.coder(StringUtf8Coder.of()))))
        .apply(
            EnrichByKey.of(
                "track_id", EnrichByKeyTest::factKey, dimension(rows), StringUtf8Coder.of()));
  }

  private PCollection<Outcome<KV<String, String>>> enrich(
      List<Parsed<String>> facts, List<String> rows) {
    return enrich(facts, List.of(), rows);
  }

  static PCollection<KV<String, String>> matched(
      PCollection<Outcome<KV<String, String>>> outcomes) {
    return outcomes
        .apply("Good", Filter.by(Outcome::isGood))
        .apply(
            "Matched",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(Outcome::value));
  }

  /** file@offset|reason|detail of each dead letter. */
  static PCollection<String> unknown(PCollection<Outcome<KV<String, String>>> outcomes) {
    return outcomes
        .apply("Rejected", Filter.by((Outcome<KV<String, String>> o) -> !o.isGood()))
        .apply(
            "Describe",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    o ->
                        o.rejected().source().file()
                            + "@"
                            + o.rejected().source().offset()
                            + "|"
                            + o.rejected().reason()
                            + "|"
                            + o.rejected().detail()));
  }

  @Test
  public void manyFactsPerKeyAreEachPairedWithTheirRow() {
    PCollection<Outcome<KV<String, String>>> out =
        enrich(
            List.of(
                fact("f", 1, "T1:a"),
                fact("f", 2, "T2:b"),
                fact("f", 3, "T1:c"),
                fact("g", 1, "T1:a")),
            List.of("T1|One", "T2|Two", "T3|Unused"));
    // the same fact twice (from two lines) is paired twice: enrichment neither dedups nor drops
    PAssert.that(matched(out))
        .containsInAnyOrder(
            KV.of("T1:a", "T1|One"),
            KV.of("T1:a", "T1|One"),
            KV.of("T1:c", "T1|One"),
            KV.of("T2:b", "T2|Two"));
    PAssert.that(unknown(out)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void orphanNullAndBlankKeysBecomeDeadLettersWithTheirLine() {
    PCollection<Outcome<KV<String, String>>> out =
        enrich(
            List.of(
                fact("f", 10, "T1:ok"),
                fact("f", 20, "T9:orphan"),
                fact("g", 40, "t1:case"),
                fact("h", 1, "no colon"),
                fact("h", 2, ":empty"),
                fact("h", 3, "  :spaces")),
            // a blank dimension key matches nothing, not even a blank fact key
            List.of("T1|One", "|blank", "  |spaces"));
    PAssert.that(matched(out)).containsInAnyOrder(KV.of("T1:ok", "T1|One"));
    // keys match exactly: t1 is not T1
    PAssert.that(unknown(out))
        .containsInAnyOrder(
            "f@20|unknown_track_id|track_id T9 is not in the dimension",
            "g@40|unknown_track_id|track_id t1 is not in the dimension",
            "h@1|unknown_track_id|track_id null is not in the dimension",
            "h@2|unknown_track_id|track_id \"\" is not in the dimension",
            "h@3|unknown_track_id|track_id \"  \" is not in the dimension");
    p.run().waitUntilFinish();
  }

  @Test
  public void deadLettersPassThroughUnchanged() {
    DeadLetter earlier =
        DeadLetter.of(new SourceLine("f", 5, "T1,x"), "bad_playcount", "x is not a number");
    PCollection<Outcome<KV<String, String>>> out =
        enrich(List.of(fact("f", 1, "T1:a")), List.of(earlier), List.of("T1|One"));
    PAssert.that(matched(out)).containsInAnyOrder(KV.of("T1:a", "T1|One"));
    PAssert.that(unknown(out)).containsInAnyOrder("f@5|bad_playcount|x is not a number");
    p.run().waitUntilFinish();
  }

  @Test
  public void anEmptyDimensionMakesEveryFactUnknown() {
    PCollection<Outcome<KV<String, String>>> out =
        enrich(List.of(fact("f", 1, "T1:a"), fact("f", 2, "T2:b")), List.of());
    PAssert.that(matched(out)).empty();
    PAssert.that(unknown(out))
        .containsInAnyOrder(
            "f@1|unknown_track_id|track_id T1 is not in the dimension",
            "f@2|unknown_track_id|track_id T2 is not in the dimension");
    p.run().waitUntilFinish();
  }

  @Test
  public void duplicateDimensionKeysFailNamingTheKeyEvenWithoutFactsForIt() {
    enrich(List.of(fact("f", 1, "T1:a")), List.of("T1|One", "T3|Three", "T3|Trois"));
    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> p.run().waitUntilFinish());
    Throwable cause = e;
    while (cause != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertThat("cause of " + e, cause, instanceOf(IllegalArgumentException.class));
    assertThat(cause.getMessage(), containsString("T3"));
  }

  @Test
  public void outcomesAreCodedWithTheFactAndRowCoders() {
    PCollection<Outcome<KV<String, String>>> out =
        enrich(List.of(fact("f", 1, "T1:a")), List.of("T1|One"));
    assertEquals(
        Outcome.coder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())), out.getCoder());
    p.run().waitUntilFinish();
  }

  @Test
  public void badArgumentsAreRejectedWhenBuilding() {
    PCollectionView<Map<String, String>> dimension = dimension(List.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> EnrichByKey.of(" ", EnrichByKeyTest::factKey, dimension, StringUtf8Coder.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> EnrichByKey.of(null, EnrichByKeyTest::factKey, dimension, StringUtf8Coder.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> EnrichByKey.of("k", null, dimension, StringUtf8Coder.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EnrichByKey.<String, String>of(
                "k", EnrichByKeyTest::factKey, null, StringUtf8Coder.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> EnrichByKey.of("k", EnrichByKeyTest::factKey, dimension, null));
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
          unknown.add(
              "plays.csv@"
                  + offset
                  + "|unknown_track_id|track_id K"
                  + i
                  + " is not in the dimension");
        }
        offset += 10;
      }
    }
    PCollection<Outcome<KV<String, String>>> out = enrich(facts, rows);
    PAssert.that(matched(out)).containsInAnyOrder(matched);
    PAssert.that(unknown(out)).containsInAnyOrder(unknown);
    p.run().waitUntilFinish();
  }
}
