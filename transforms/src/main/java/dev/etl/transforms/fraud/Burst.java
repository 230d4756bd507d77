package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Rules.hit;

import dev.etl.transforms.bank.BankTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code burst}: at least {@code minCount} transactions of one customer on one day within {@code
 * windowMinutes} (first to last at most that far apart, inclusive). Every transaction inside such a
 * window is a hit; {@code observed} is the largest such window it belongs to.
 */
public final class Burst implements CustomerRule {
  public static final int DEFAULT_MIN_COUNT = 3;
  public static final int DEFAULT_WINDOW_MINUTES = 10;

  private final int minCount;
  private final int windowSeconds;

  public Burst(int minCount, int windowMinutes) {
    if (minCount < 2 || windowMinutes < 0) {
      throw new IllegalArgumentException(
          "a burst needs a count >= 2 and a window >= 0 minutes, got "
              + minCount
              + ", "
              + windowMinutes);
    }
    this.minCount = minCount;
    this.windowSeconds = windowMinutes * 60;
  }

  @Override
  public void check(List<BankTransaction> transactions, List<Suspicion> hits) {
    int[] largest = largestBursts(transactions);
    for (int i = 0; i < largest.length; i++) {
      if (largest[i] > 0) {
        hits.add(hitOf(transactions.get(i), largest[i], ""));
      }
    }
  }

  /**
   * The bursts among a customer's chronological transactions: every maximal run {@code {start,
   * end}} (indices, inclusive) that starts at a transaction and holds at least {@code minCount}
   * within the window. Shared by the batch rule and its streaming form.
   */
  public List<int[]> bursts(List<BankTransaction> transactions) {
    List<int[]> runs = new ArrayList<>();
    int n = transactions.size();
    if (n < minCount) {
      return runs;
    }
    // Transactions are chronological, so a day is a run of the list and a window a sub-run.
    int end = 0;
    for (int start = 0; start < n; start++) {
      BankTransaction first = transactions.get(start);
      end = Math.max(end, start);
      while (end + 1 < n && inWindow(first, transactions.get(end + 1))) {
        end++;
      }
      if (end - start + 1 >= minCount) {
        runs.add(new int[] {start, end});
      }
    }
    return runs;
  }

  /** Per transaction, the size of the largest burst it belongs to (0: none). */
  public int[] largestBursts(List<BankTransaction> transactions) {
    int[] largest = new int[transactions.size()];
    for (int[] run : bursts(transactions)) {
      int count = run[1] - run[0] + 1;
      for (int i = run[0]; i <= run[1]; i++) {
        largest[i] = Math.max(largest[i], count);
      }
    }
    return largest;
  }

  /**
   * The hit of a transaction in a burst of {@code count}; {@code more} is appended to the detail.
   */
  public Suspicion hitOf(BankTransaction t, int count, String more) {
    return hit(
        t,
        Suspicion.BURST,
        count,
        minCount,
        count
            + " transactions within "
            + windowSeconds / 60
            + " minutes on "
            + t.transactionDate()
            + more);
  }

  private boolean inWindow(BankTransaction first, BankTransaction later) {
    return later.transactionDate().equals(first.transactionDate())
        && later.transactionTime().toSecondOfDay() - first.transactionTime().toSecondOfDay()
            <= windowSeconds;
  }
}
