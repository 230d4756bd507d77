package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;

import java.util.TreeMap;
import org.junit.Test;

public class PercentilesTest {

  @Test
  public void nearestRankIsTheSmallestValueWithAtLeastThatShareAtOrBelowIt() {
    TreeMap<Long, Long> histogram = new TreeMap<>();
    for (long v = 1; v <= 10; v++) {
      histogram.put(v * 10, 1L); // 10, 20, ..., 100: one each
    }
    assertEquals(10, Percentiles.nearestRank(histogram, 1));
    assertEquals(20, Percentiles.nearestRank(histogram, 20));
    assertEquals(30, Percentiles.nearestRank(histogram, 21)); // ceil(10 * 0.21) = 3rd value
    assertEquals(50, Percentiles.nearestRank(histogram, 50));
    assertEquals(100, Percentiles.nearestRank(histogram, 100));
  }

  @Test
  public void countsWeighTheValuesAndTiesShareOneBound() {
    TreeMap<Long, Long> histogram = new TreeMap<>();
    histogram.put(1L, 7L);
    histogram.put(5L, 2L);
    histogram.put(9L, 1L);
    assertEquals(1, Percentiles.nearestRank(histogram, 25));
    assertEquals(1, Percentiles.nearestRank(histogram, 70));
    assertEquals(5, Percentiles.nearestRank(histogram, 71));
    assertEquals(9, Percentiles.nearestRank(histogram, 95));
  }

  @Test
  public void anEmptyHistogramGivesZero() {
    assertEquals(0, Percentiles.nearestRank(new TreeMap<>(), 50));
  }
}
