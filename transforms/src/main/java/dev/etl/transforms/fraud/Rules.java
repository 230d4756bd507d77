package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.util.Locale;

/** Shared helpers of the rules. */
final class Rules {
  private Rules() {}

  static Suspicion hit(
      BankTransaction t, String reason, double observed, double comparedTo, String detail) {
    return new Suspicion(
        t.transactionId(),
        reason,
        t.customerId(),
        t.transactionDate(),
        t.transactionTime(),
        t.amountInr(),
        observed,
        comparedTo,
        detail);
  }

  static String money(double amount) {
    return String.format(Locale.ROOT, "%.2f", amount);
  }

  static String decimal(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /**
   * The median of {@code sorted[0..n)} without the element at {@code skip} (mean of the two middle
   * values for an even count).
   */
  static double medianWithout(double[] sorted, int skip) {
    int n = sorted.length - 1;
    double lower = valueWithout(sorted, skip, (n - 1) / 2);
    double upper = valueWithout(sorted, skip, n / 2);
    return (lower + upper) / 2;
  }

  /** The median of {@code sorted} (mean of the two middle values for an even count). */
  static double median(double[] sorted) {
    int n = sorted.length;
    return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
  }

  private static double valueWithout(double[] sorted, int skip, int k) {
    return sorted[k < skip ? k : k + 1];
  }
}
