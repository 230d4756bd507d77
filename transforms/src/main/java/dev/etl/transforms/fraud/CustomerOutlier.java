package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Rules.hit;
import static dev.etl.transforms.fraud.Rules.money;

import dev.etl.transforms.bank.BankTransaction;
import java.util.Arrays;
import java.util.List;

/**
 * {@code customer_outlier}: the amount is more than {@code factor} × the median of the customer's
 * other transactions. Needs at least {@code minHistory} other transactions (a median of one or two
 * is no "typical amount") and a positive median (nothing is a multiple of zero).
 */
public final class CustomerOutlier implements CustomerRule {
  public static final double DEFAULT_FACTOR = 10;
  public static final int DEFAULT_MIN_HISTORY = 3;

  private final double factor;
  private final int minHistory;

  public CustomerOutlier(double factor, int minHistory) {
    if (!(factor > 0) || minHistory < 1) {
      throw new IllegalArgumentException(
          "factor must be > 0 and minimum history >= 1, got " + factor + ", " + minHistory);
    }
    this.factor = factor;
    this.minHistory = minHistory;
  }

  @Override
  public void check(List<BankTransaction> transactions, List<Suspicion> hits) {
    int others = transactions.size() - 1;
    if (others < minHistory) {
      return;
    }
    double[] sorted =
        transactions.stream().mapToDouble(BankTransaction::amountInr).sorted().toArray();
    for (BankTransaction t : transactions) {
      // Removing any one copy of an equal amount leaves the same multiset, so the first index will
      // do.
      double median = Rules.medianWithout(sorted, Arrays.binarySearch(sorted, t.amountInr()));
      checkAgainst(t, median, others, "other", hits);
    }
  }

  /**
   * The streaming form: the amount against the median of the customer's {@code earlier}
   * transactions only (those seen before it), since later ones have not arrived yet.
   */
  public void checkAgainstEarlier(
      BankTransaction t, List<BankTransaction> earlier, List<Suspicion> hits) {
    if (earlier.size() < minHistory) {
      return;
    }
    double[] sorted = earlier.stream().mapToDouble(BankTransaction::amountInr).sorted().toArray();
    checkAgainst(t, Rules.median(sorted), earlier.size(), "earlier", hits);
  }

  private void checkAgainst(
      BankTransaction t, double median, int others, String which, List<Suspicion> hits) {
    double limit = factor * median;
    if (median > 0 && t.amountInr() > limit) {
      hits.add(
          hit(
              t,
              Suspicion.CUSTOMER_OUTLIER,
              t.amountInr(),
              limit,
              "amount "
                  + money(t.amountInr())
                  + " > "
                  + Rules.decimal(factor)
                  + " x "
                  + money(median)
                  + ", the median of the customer's "
                  + others
                  + " "
                  + which
                  + " transactions"));
    }
  }
}
