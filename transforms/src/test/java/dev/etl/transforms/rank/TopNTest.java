package dev.etl.transforms.rank;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class TopNTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final KvCoder<String, Long> PAIR =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private static KV<String, Long> pair(String id, long weight) {
    return KV.of(id, weight);
  }

  private PCollection<KV<String, Long>> pairs(String name, List<KV<String, Long>> pairs) {
    return p.apply(name, Create.of(pairs).withCoder(PAIR));
  }

  private PCollection<Ranked> top(int n, List<KV<String, Long>> input) {
    return pairs("Pairs", input).apply(TopN.globally(n));
  }

  /** The expected ranking, by sorting everything: what the combiners must agree with. */
  private static List<Ranked> sortedTop(int n, List<KV<String, Long>> input) {
    List<KV<String, Long>> all = new ArrayList<>(input);
    all.sort(TopN.better().reversed());
    return TopN.ranked(all.subList(0, Math.min(n, all.size())));
  }

  // ---- globally

  @Test
  public void tiesAreBrokenByTheSmallerId() {
    PAssert.that(
            top(3, List.of(pair("b", 5), pair("d", 1), pair("a", 5), pair("c", 7), pair("e", 5))))
        .containsInAnyOrder(new Ranked(1, "c", 7), new Ranked(2, "a", 5), new Ranked(3, "b", 5));
    p.run().waitUntilFinish();
  }

  @Test
  public void idsCompareAsStringsNotAsNumbers() {
    // "10" < "9" < "a" < "b" by String.compareTo
    PAssert.that(
            top(4, List.of(pair("9", 1), pair("b", 1), pair("10", 1), pair("a", 1), pair("B", 1))))
        .containsInAnyOrder(
            new Ranked(1, "10", 1),
            new Ranked(2, "9", 1),
            new Ranked(3, "B", 1),
            new Ranked(4, "a", 1));
    p.run().waitUntilFinish();
  }

  @Test
  public void nLargerThanTheInputRanksEverything() {
    PAssert.that(top(10, List.of(pair("x", 2), pair("y", 3))))
        .containsInAnyOrder(new Ranked(1, "y", 3), new Ranked(2, "x", 2));
    p.run().waitUntilFinish();
  }

  @Test
  public void nOfOneKeepsTheSingleBest() {
    PAssert.that(top(1, List.of(pair("b", 9), pair("a", 9), pair("c", 1))))
        .containsInAnyOrder(new Ranked(1, "a", 9));
    p.run().waitUntilFinish();
  }

  @Test
  public void anEmptyInputGivesNoElement() {
    PAssert.that(top(3, List.of())).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void negativeZeroAndExtremeWeightsAreOrdered() {
    PAssert.that(
            top(
                5,
                List.of(
                    pair("min", Long.MIN_VALUE),
                    pair("neg", -1),
                    pair("zero", 0),
                    pair("max", Long.MAX_VALUE),
                    pair("one", 1))))
        .containsInAnyOrder(
            new Ranked(1, "max", Long.MAX_VALUE),
            new Ranked(2, "one", 1),
            new Ranked(3, "zero", 0),
            new Ranked(4, "neg", -1),
            new Ranked(5, "min", Long.MIN_VALUE));
    p.run().waitUntilFinish();
  }

  @Test
  public void theRankingDoesNotDependOnTheInputOrder() {
    // 500 ids over 7 weights: mostly ties, split over several bundles and merged by the combiner
    Random random = new Random(42);
    List<KV<String, Long>> input = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      input.add(pair("id" + random.nextInt(100_000) + "_" + i, random.nextInt(7)));
    }
    List<Ranked> expected = sortedTop(25, input);
    for (int round = 0; round < 3; round++) {
      List<KV<String, Long>> shuffled = new ArrayList<>(input);
      Collections.shuffle(shuffled, random);
      PAssert.that(
              "order " + round,
              pairs("Pairs" + round, shuffled).apply("Top" + round, TopN.globally(25)))
          .containsInAnyOrder(expected);
    }
    p.run().waitUntilFinish();
  }

  @Test
  public void worksOnSummedWeights() {
    PCollection<KV<String, Long>> plays =
        pairs(
            "Plays", List.of(pair("a", 1), pair("b", 2), pair("a", 2), pair("c", 3), pair("b", 1)));
    // a = 3, b = 3, c = 3: all tied after summing
    PAssert.that(plays.apply(Sum.longsPerKey()).apply(TopN.globally(2)))
        .containsInAnyOrder(new Ranked(1, "a", 3), new Ranked(2, "b", 3));
    p.run().waitUntilFinish();
  }

  @Test
  public void outputsAreCodedDeterministically() throws Exception {
    PCollection<Ranked> ranked = top(2, List.of(pair("a", 1)));
    assertEquals(Ranked.Coder.of(), ranked.getCoder());
    ranked.getCoder().verifyDeterministic();
    p.run().waitUntilFinish();
  }

  // ---- arguments, ordering and coder

  @Test
  public void nMustBePositive() {
    for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThrows(IllegalArgumentException.class, () -> TopN.globally(n));
      assertThrows(IllegalArgumentException.class, () -> new TopN.Bounded(n));
    }
  }

  @Test
  public void betterMeansHeavierThenSmallerId() {
    TopN.Better better = TopN.better();
    assertEquals(1, Integer.signum(better.compare(pair("z", 2), pair("a", 1))));
    assertEquals(1, Integer.signum(better.compare(pair("a", 1), pair("b", 1))));
    assertEquals(-1, Integer.signum(better.compare(pair("b", 1), pair("a", 1))));
    assertEquals(0, better.compare(pair("a", 1), pair("a", 1)));
    // no overflow: subtraction would get this wrong
    assertEquals(
        1, Integer.signum(better.compare(pair("a", Long.MAX_VALUE), pair("a", Long.MIN_VALUE))));
  }

  @Test
  public void betterSurvivesSerialization() {
    assertEquals(TopN.better(), org.apache.beam.sdk.util.SerializableUtils.clone(TopN.better()));
  }

  @Test
  public void rankedCoderRoundTrips() throws Exception {
    for (Ranked r :
        List.of(
            new Ranked(1, "a", 0),
            new Ranked(Integer.MAX_VALUE, "", Long.MIN_VALUE),
            new Ranked(3, "Zoë", -7))) {
      CoderProperties.coderDecodeEncodeEqual(Ranked.Coder.of(), r);
      CoderProperties.coderDeterministic(
          Ranked.Coder.of(), r, new Ranked(r.rank(), r.id(), r.weight()));
    }
    CoderProperties.coderSerializable(Ranked.Coder.of());
  }
}
