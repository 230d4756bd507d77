package dev.etl.transforms.segment;

import dev.etl.transforms.core.Percentiles;
import java.io.Serializable;
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
    return new Quintiles(
        Percentiles.nearestRank(customersByValue, 20),
        Percentiles.nearestRank(customersByValue, 40),
        Percentiles.nearestRank(customersByValue, 60),
        Percentiles.nearestRank(customersByValue, 80));
  }
}
