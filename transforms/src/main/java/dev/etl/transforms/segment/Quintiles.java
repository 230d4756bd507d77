package dev.etl.transforms.segment;

import java.io.Serializable;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Inclusive upper bounds of quintiles 1–4 of a whole-number measure; above {@code q4Max} is
 * quintile 5. Each bound is a nearest-rank percentile (20th, 40th, 60th, 80th): the smallest value
 * with at least that share of customers at or below it. Ties at a bound take the lower quintile, so
 * equal values always share a quintile, and when many customers share one value (frequency 1)
 * bounds coincide and some quintiles stay empty.
 */
public record Quintiles(long q1Max, long q2Max, long q3Max, long q4Max) implements Serializable {

  /** 1..5. */
  public int quintileOf(long value) {
    if (value <= q1Max) return 1;
    if (value <= q2Max) return 2;
    if (value <= q3Max) return 3;
    return value <= q4Max ? 4 : 5;
  }

  /** From a histogram (value → customers with that value); all bounds 0 when empty. */
  public static Quintiles fromHistogram(NavigableMap<Long, Long> customersByValue) {
    long n = 0;
    for (long c : customersByValue.values()) {
      n += c;
    }
    return new Quintiles(
        percentile(customersByValue, n, 20),
        percentile(customersByValue, n, 40),
        percentile(customersByValue, n, 60),
        percentile(customersByValue, n, 80));
  }

  private static long percentile(NavigableMap<Long, Long> histogram, long n, int percent) {
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (n * percent + 99) / 100); // ceil(n * p / 100)
    long seen = 0;
    for (Map.Entry<Long, Long> e : histogram.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return histogram.lastKey();
  }
}
