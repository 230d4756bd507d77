package dev.etl.transforms.segment;

import static org.junit.Assert.assertEquals;

import java.util.TreeMap;
import org.junit.Test;

public class QuintilesTest {
  @Test
  public void boundsAreNearestRankPercentiles() {
    TreeMap<Long, Long> oneToTen = new TreeMap<>();
    for (long v = 1; v <= 10; v++) {
      oneToTen.put(v, 1L);
    }
    Quintiles q = Quintiles.fromHistogram(oneToTen);
    assertEquals(new Quintiles(2, 4, 6, 8), q);
    assertEquals(1, q.quintileOf(1));
    assertEquals(1, q.quintileOf(2)); // at a bound: the lower quintile
    assertEquals(2, q.quintileOf(3));
    assertEquals(4, q.quintileOf(8));
    assertEquals(5, q.quintileOf(9));
    assertEquals(5, q.quintileOf(1000));
  }

  @Test
  public void tiesShareTheLowerQuintileSoQuintilesCanBeEmpty() {
    // 87 % of customers with one transaction: every bound is 1
    TreeMap<Long, Long> frequency = new TreeMap<>();
    frequency.put(1L, 87L);
    frequency.put(2L, 10L);
    frequency.put(3L, 3L);
    Quintiles q = Quintiles.fromHistogram(frequency);
    assertEquals(new Quintiles(1, 1, 1, 1), q);
    assertEquals(1, q.quintileOf(1));
    assertEquals(5, q.quintileOf(2));

    // 7 customers: ranks ceil(1.4)=2, ceil(2.8)=3, ceil(4.2)=5, ceil(5.6)=6
    TreeMap<Long, Long> seven = new TreeMap<>();
    seven.put(10L, 2L);
    seven.put(20L, 3L);
    seven.put(30L, 1L);
    seven.put(40L, 1L);
    assertEquals(new Quintiles(10, 20, 20, 30), Quintiles.fromHistogram(seven));
  }

  @Test
  public void noCustomersNoBounds() {
    assertEquals(new Quintiles(0, 0, 0, 0), Quintiles.fromHistogram(new TreeMap<>()));
  }
}
