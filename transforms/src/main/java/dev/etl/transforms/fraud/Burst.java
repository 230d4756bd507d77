package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Rules.hit;

import dev.etl.transforms.bank.BankTransaction;
import java.util.List;

/**
 * {@code burst}: at least {@code minCount} transactions of one customer on one day within
 * {@code windowMinutes} (first to last at most that far apart, inclusive). Every transaction inside
 * such a window is a hit; {@code observed} is the largest such window it belongs to.
 */
public final class Burst implements CustomerRule {
  public static final int DEFAULT_MIN_COUNT = 3;
  public static final int DEFAULT_WINDOW_MINUTES = 10;

  private final int minCount;
  private final int windowSeconds;

  public Burst(int minCount, int windowMinutes) {
    if (minCount < 2 || windowMinutes < 0) {
      throw new IllegalArgumentException("a burst needs a count >= 2 and a window >= 0 minutes, got " + minCount + ", " + windowMinutes);
    }
    this.minCount = minCount;
    this.windowSeconds = windowMinutes * 60;
  }

  @Override
  public void check(List<BankTransaction> transactions, List<Suspicion> hits) {
    if (transactions.size() < minCount) {
      return;
    }
    int n = transactions.size();
    // Transactions are chronological, so a day is a run of the list and a window a sub-run.
    int[] largest = new int[n];
    int end = 0;
    for (int start = 0; start < n; start++) {
      BankTransaction first = transactions.get(start);
      end = Math.max(end, start);
      while (end + 1 < n && inWindow(first, transactions.get(end + 1))) {
        end++;
      }
      int count = end - start + 1;
      if (count >= minCount) {
        for (int i = start; i <= end; i++) {
          largest[i] = Math.max(largest[i], count);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (largest[i] > 0) {
        BankTransaction t = transactions.get(i);
        hits.add(
            hit(t, Suspicion.BURST, largest[i], minCount,
                largest[i] + " transactions within " + windowSeconds / 60 + " minutes on " + t.transactionDate()));
      }
    }
  }

  private boolean inWindow(BankTransaction first, BankTransaction later) {
    return later.transactionDate().equals(first.transactionDate())
        && later.transactionTime().toSecondOfDay() - first.transactionTime().toSecondOfDay() <= windowSeconds;
  }
}
