package dev.etl.pipelines.common;

import java.util.Map;
import java.util.TreeMap;

/** A run's summed counts, label to count: what a reconciliation reads its figures from. */
public record Counts(Map<String, Long> byLabel) {
  public Counts {
    byLabel = Map.copyOf(byLabel);
  }

  /** The count of a label; 0 for a label nothing was counted under. */
  public long count(String label) {
    return byLabel.getOrDefault(label, 0L);
  }

  /** The sum of the counts whose label starts with the prefix. */
  public long total(String prefix) {
    return byPrefix(prefix).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Counts whose label starts with the prefix, keyed by the rest of the label, sorted. */
  public Map<String, Long> byPrefix(String prefix) {
    Map<String, Long> found = new TreeMap<>();
    byLabel.forEach(
        (label, count) -> {
          if (label.startsWith(prefix)) {
            found.put(label.substring(prefix.length()), count);
          }
        });
    return found;
  }
}
