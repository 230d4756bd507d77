package dev.etl.transforms.join;

import static dev.etl.transforms.join.EnrichByKeyTest.described;
import static dev.etl.transforms.join.EnrichByKeyTest.fact;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.core.Parsed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.NullableCoder;
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

/** One fixture through both strategies in one pipeline, and the factory's arguments. */
public class EnrichByKeyStrategiesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static EnrichByKey<String, String> byTrack(PCollection<String> dimension) {
    return EnrichByKey.of("track_id", EnrichByKeyTest::factKey, dimension, EnrichByKeyTest::rowKey);
  }

  private static PCollection<String> pairs(PCollection<KV<String, String>> matched, String name) {
    return matched.apply(
        name, MapElements.into(TypeDescriptors.strings()).via((KV<String, String> kv) -> kv.getKey() + "=" + kv.getValue()));
  }

  @Test
  public void bothStrategiesGiveTheSameOutputOnTheSameInput() {
    // a shuffled mix of matched, orphan, null-key and blank-key facts, and unused dimension rows
    Random random = new Random(7);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 50; i += 1 + random.nextInt(2)) {
      rows.add("K" + i + "|row" + i);
    }
    List<Parsed<String>> facts = new ArrayList<>();
    List<String> matched = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (int offset = 0; offset < 400; offset++) {
      int draw = random.nextInt(70);
      String value = draw < 60 ? "K" + draw + ":" + offset : draw < 65 ? "no key " + offset : "  :" + offset;
      facts.add(fact("plays.csv", offset, value));
      String key = EnrichByKeyTest.factKey(value);
      String row = key == null ? null : rows.stream().filter(r -> r.startsWith(key + "|")).findFirst().orElse(null);
      if (row != null) {
        matched.add(value + "=" + row);
      } else {
        String shown = key == null ? "null" : key.isBlank() ? "\"" + key + "\"" : key;
        unknown.add("plays.csv@" + offset + "|unknown_track_id|track_id " + shown + " is not in the dimension");
      }
    }
    Collections.shuffle(facts, random);
    PCollection<Parsed<String>> input =
        p.apply("Facts", Create.of(facts).withCoder(Parsed.coder(StringUtf8Coder.of())));
    PCollection<String> dimension = p.apply("Dimension", Create.of(rows).withCoder(StringUtf8Coder.of()));

    EnrichByKey.Result<String, String> bySideInput =
        input.apply("EnrichBySideInput", byTrack(dimension).withStrategy(EnrichByKey.Strategy.SIDE_INPUT));
    EnrichByKey.Result<String, String> byCoGroup =
        input.apply("EnrichByCoGroup", byTrack(dimension).withStrategy(EnrichByKey.Strategy.CO_GROUP));

    PAssert.that("side input matched", pairs(bySideInput.matched(), "PairsBySideInput")).containsInAnyOrder(matched);
    PAssert.that("co-group matched", pairs(byCoGroup.matched(), "PairsByCoGroup")).containsInAnyOrder(matched);
    PAssert.that("side input unknown", described("DescribeBySideInput", bySideInput.unknown())).containsInAnyOrder(unknown);
    PAssert.that("co-group unknown", described("DescribeByCoGroup", byCoGroup.unknown())).containsInAnyOrder(unknown);
    p.run().waitUntilFinish();
  }

  @Test
  public void onOutcomesMatchesLikeTheSideInputAndPassesDeadLettersThrough() {
    List<String> rows = List.of("K1|one", "K2|two", "K2x|unused");
    dev.etl.transforms.core.DeadLetter earlier =
        dev.etl.transforms.core.DeadLetter.of(new dev.etl.transforms.core.SourceLine("plays.csv", 1, "x"), "bad_playcount", "zero");
    List<dev.etl.transforms.core.Outcome<Parsed<String>>> outcomes =
        List.of(
            dev.etl.transforms.core.Outcome.good(fact("plays.csv", 10, "K1:a")),
            dev.etl.transforms.core.Outcome.good(fact("plays.csv", 20, "K2:b")),
            dev.etl.transforms.core.Outcome.good(fact("plays.csv", 30, "K1:c")),
            dev.etl.transforms.core.Outcome.good(fact("plays.csv", 40, "K9:orphan")),
            dev.etl.transforms.core.Outcome.good(fact("plays.csv", 50, "no key")),
            dev.etl.transforms.core.Outcome.rejected(earlier));
    PCollection<dev.etl.transforms.core.Outcome<KV<String, String>>> out =
        p.apply("Outcomes", Create.of(outcomes).withCoder(dev.etl.transforms.core.Outcome.coder(Parsed.coder(StringUtf8Coder.of()))))
            .apply(byTrack(p.apply("Dimension", Create.of(rows).withCoder(StringUtf8Coder.of()))).onOutcomes());
    PCollection<String> shown =
        out.apply(
            MapElements.into(TypeDescriptors.strings())
                .via(o -> o.isGood()
                    ? o.value().getKey() + "=" + o.value().getValue()
                    : o.rejected().source().offset() + "|" + o.rejected().reason() + "|" + o.rejected().detail()));
    PAssert.that(shown)
        .containsInAnyOrder(
            "K1:a=K1|one",
            "K2:b=K2|two",
            "K1:c=K1|one",
            "40|unknown_track_id|track_id K9 is not in the dimension",
            "50|unknown_track_id|track_id null is not in the dimension",
            "1|bad_playcount|zero");
    p.run().waitUntilFinish();
  }

  @Test
  public void onOutcomesFailsOnDuplicateDimensionKeys() {
    PCollection<String> dimension = p.apply("Dimension", Create.of(List.of("K1|one", "K1|again")).withCoder(StringUtf8Coder.of()));
    p.apply("Outcomes", Create.of(List.of(dev.etl.transforms.core.Outcome.good(fact("plays.csv", 10, "K1:a"))))
            .withCoder(dev.etl.transforms.core.Outcome.coder(Parsed.coder(StringUtf8Coder.of()))))
        .apply(byTrack(dimension).onOutcomes());
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    Throwable root = e;
    while (!(root instanceof IllegalStateException) && root.getCause() != null) {
      root = root.getCause();
    }
    org.hamcrest.MatcherAssert.assertThat(root.getMessage(), org.hamcrest.Matchers.containsString("2 rows with track_id K1"));
  }

  @Test
  public void defaultsAreTheSideInputAndAReasonNamedAfterTheKey() {
    EnrichByKey<String, String> enrich = byTrack(p.apply(Create.empty(StringUtf8Coder.of())));
    assertEquals(EnrichByKey.Strategy.SIDE_INPUT, enrich.strategy());
    assertEquals("unknown_track_id", enrich.unknownReason());
    assertEquals("unknown_artist", EnrichByKey.of("artist", EnrichByKeyTest::factKey, p.apply("Empty2", Create.empty(StringUtf8Coder.of())), EnrichByKeyTest::rowKey).unknownReason());
    assertEquals(EnrichByKey.Strategy.CO_GROUP, enrich.withStrategy(EnrichByKey.Strategy.CO_GROUP).strategy());
    assertEquals("gone", enrich.withUnknownReason("gone").unknownReason());
    // the builders return copies
    assertEquals(EnrichByKey.Strategy.SIDE_INPUT, enrich.strategy());
    p.run().waitUntilFinish();
  }

  @Test
  public void badArgumentsAreRejectedWhenBuilding() {
    PCollection<String> dimension = p.apply(Create.empty(StringUtf8Coder.of()));
    assertThrows(IllegalArgumentException.class, () -> EnrichByKey.of(" ", EnrichByKeyTest::factKey, dimension, EnrichByKeyTest::rowKey));
    assertThrows(IllegalArgumentException.class, () -> EnrichByKey.of(null, EnrichByKeyTest::factKey, dimension, EnrichByKeyTest::rowKey));
    assertThrows(IllegalArgumentException.class, () -> EnrichByKey.of("k", null, dimension, EnrichByKeyTest::rowKey));
    assertThrows(IllegalArgumentException.class, () -> EnrichByKey.<String, String>of("k", EnrichByKeyTest::factKey, null, EnrichByKeyTest::rowKey));
    assertThrows(IllegalArgumentException.class, () -> EnrichByKey.of("k", EnrichByKeyTest::factKey, dimension, null));
    EnrichByKey<String, String> enrich = byTrack(dimension);
    assertThrows(IllegalArgumentException.class, () -> enrich.withStrategy(null));
    assertThrows(IllegalArgumentException.class, () -> enrich.withUnknownReason(""));
    assertThrows(IllegalArgumentException.class, () -> enrich.withUnknownReason(null));
    p.run().waitUntilFinish();
  }

  @Test
  public void factsMustBeCodedWithTheirSource() {
    // a pipeline of its own: this one is never run
    org.apache.beam.sdk.Pipeline pipeline = org.apache.beam.sdk.Pipeline.create();
    PCollection<String> dimension = pipeline.apply("Dimension", Create.empty(StringUtf8Coder.of()));
    // Parsed values under a coder that is not Parsed.coder: the fact coder cannot be found
    PCollection<Parsed<String>> facts =
        pipeline.apply(
            "Facts", Create.of(fact("f", 1, "T1:a")).withCoder(NullableCoder.of(Parsed.coder(StringUtf8Coder.of()))));
    assertThrows(IllegalArgumentException.class, () -> facts.apply(byTrack(dimension)));
  }
}
