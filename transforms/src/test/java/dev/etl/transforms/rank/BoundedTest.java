package dev.etl.transforms.rank;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

/** TopN.Bounded: the plain-Java top n, for data already grouped inside a DoFn. */
public class BoundedTest {

  private static List<Ranked> offered(int n, List<KV<String, Long>> pairs) {
    TopN.Bounded bounded = new TopN.Bounded(n);
    for (KV<String, Long> pair : pairs) {
      bounded.offer(pair.getKey(), pair.getValue());
    }
    return bounded.ranked();
  }

  @Test
  public void keepsTheBestNRankedWithTiesByIdAscending() {
    List<Ranked> ranked =
        offered(
            3,
            List.of(
                KV.of("b", 5L), KV.of("d", 1L), KV.of("a", 5L), KV.of("c", 7L), KV.of("e", 5L)));
    assertEquals(
        List.of(new Ranked(1, "c", 7), new Ranked(2, "a", 5), new Ranked(3, "b", 5)), ranked);
  }

  @Test
  public void fewerOffersThanNAreAllRanked() {
    assertEquals(
        List.of(new Ranked(1, "y", 3), new Ranked(2, "x", 2)),
        offered(10, List.of(KV.of("x", 2L), KV.of("y", 3L))));
    assertEquals(List.of(), offered(10, List.of()));
    assertEquals(0, new TopN.Bounded(3).size());
  }

  @Test
  public void nOfOne() {
    assertEquals(
        List.of(new Ranked(1, "a", 9)),
        offered(1, List.of(KV.of("b", 9L), KV.of("c", 1L), KV.of("a", 9L))));
  }

  @Test
  public void memoryIsBoundedByN() {
    TopN.Bounded bounded = new TopN.Bounded(5);
    for (int i = 0; i < 10_000; i++) {
      bounded.offer("id" + i, i % 100);
      assertEquals(Math.min(i + 1, 5), bounded.size());
    }
    // weight 99 is shared by id99, id199, ...: the five smallest ids as strings
    assertEquals(
        List.of(
            new Ranked(1, "id1099", 99),
            new Ranked(2, "id1199", 99),
            new Ranked(3, "id1299", 99),
            new Ranked(4, "id1399", 99),
            new Ranked(5, "id1499", 99)),
        bounded.ranked());
  }

  @Test
  public void theRankingDoesNotDependOnTheOfferOrderAndMatchesTheBeamTransforms() {
    Random random = new Random(11);
    List<KV<String, Long>> pairs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      pairs.add(KV.of("id" + random.nextInt(50), (long) random.nextInt(5)));
    }
    // distinct ids, as after a Sum.longsPerKey
    List<KV<String, Long>> distinct = new ArrayList<>();
    pairs.stream()
        .map(KV::getKey)
        .distinct()
        .forEach(id -> distinct.add(KV.of(id, (long) id.hashCode() % 4)));
    List<KV<String, Long>> sorted = new ArrayList<>(distinct);
    sorted.sort(TopN.better().reversed());
    List<Ranked> expected = TopN.ranked(sorted.subList(0, 12));
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(distinct, random);
      assertEquals(expected, offered(12, distinct));
    }
  }

  @Test
  public void mergeKeepsTheBestOfBoth() {
    TopN.Bounded left = new TopN.Bounded(2).offer("a", 1).offer("b", 5).offer("c", 3);
    TopN.Bounded right = new TopN.Bounded(2).offer("d", 5).offer("e", 4);
    assertEquals(List.of(new Ranked(1, "b", 5), new Ranked(2, "d", 5)), left.merge(right).ranked());
    // the merged-in Bounded is unchanged
    assertEquals(List.of(new Ranked(1, "d", 5), new Ranked(2, "e", 4)), right.ranked());
  }

  @Test
  public void rankingDoesNotConsumeTheOffers() {
    TopN.Bounded bounded = new TopN.Bounded(2).offer("a", 1).offer("b", 2);
    assertEquals(bounded.ranked(), bounded.ranked());
    bounded.offer("c", 3);
    assertEquals(List.of(new Ranked(1, "c", 3), new Ranked(2, "b", 2)), bounded.ranked());
  }

  @Test
  public void aNullIdIsRejected() {
    assertThrows(NullPointerException.class, () -> new TopN.Bounded(1).offer(null, 1));
  }
}
