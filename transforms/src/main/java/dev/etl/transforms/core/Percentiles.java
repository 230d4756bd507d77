package dev.etl.transforms.core;

import java.util.Map;
import java.util.NavigableMap;

/** Exact percentiles of a whole-number measure given as a histogram (value → how many have it). */
public final class Percentiles {
  private Percentiles() {}

  /**
   * Nearest rank: the smallest value with at least {@code percent} % of the counts at or below it;
   * 0 for an empty histogram.
   */
  public static long nearestRank(NavigableMap<Long, Long> histogram, int percent) {
    long n = 0;
    for (long count : histogram.values()) {
      n += count;
    }
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (n * percent + 99) / 100); // ceil(n * p / 100)
    long seen = 0;
    for (Map.Entry<Long, Long> entry : histogram.entrySet()) {
      seen += entry.getValue();
      if (seen >= rank) {
        return entry.getKey();
      }
    }
    return histogram.lastKey();
  }
}
