package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.gaussian;

import dev.etl.generator.GeneratorSupport.Weighted;
import java.util.SplittableRandom;

/**
 * The rows of {@code bank_transactions.csv}: a normal row of a customer, a conflicting copy, a row
 * with one defect, and how dates, times and money are spelled.
 */
final class BankRows {
  /** CustLocation values, weighted by how many customers live there. */
  static final Weighted LOCATIONS = Vocabulary.load("bank-vocabulary.txt").weighted("locations");

  static final int FIRST_DAY_EPOCH = 17014; // 2016-08-01
  static final int TRANSACTION_DAYS = 82; // 1 Aug .. 21 Oct 2016
  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  static final double BALANCE_MEDIAN = 16_000;
  static final double BALANCE_SIGMA = 1.78;
  static final long BALANCE_MAX_CENTS = 11_503_549_510L; // 115,035,495.10
  private static final double AMOUNT_MEDIAN = 460;
  private static final double AMOUNT_SIGMA = 1.7;
  private static final long AMOUNT_MAX_CENTS = 156_003_499L; // 1,560,034.99

  private static final String[] BAD_AMOUNTS = {"abc", "", "-5", "-250.75", "N/A"};
  private static final String[] BAD_DATES = {
    "31/2/16", "32/8/16", "0/9/16", "30/2/16", "31/9/16", "15/13/16", "12/0/16"
  };
  private static final String[] BAD_TIMES = {
    "250000", "126000", "12a4", "240000", "235960", "1234567"
  };

  // field positions
  static final int F_ID = 0;
  static final int F_CUSTOMER = 1;
  static final int F_DOB = 2;
  static final int F_LOCATION = 4;
  static final int F_BALANCE = 5;
  static final int F_DATE = 6;
  static final int F_TIME = 7;
  static final int F_AMOUNT = 8;
  private static final int COLUMNS = 9;

  // row kinds: LinePlanner.NORMAL, 1 + index in DEFECT_KINDS (EXACT_COPY, CONFLICTING_COPY, then
  // these)
  private static final int K_AMOUNT = 3;
  private static final int K_DATE = 4;
  private static final int K_TIME = 5;
  private static final int K_COLUMNS = 6;
  private static final int K_CUSTOMER = 7;

  private BankRows() {}

  static String[] normalRow(long id, int customer, BankCustomers customers, SplittableRandom rng) {
    BankCustomers.Profile p = customers.profile(customer);
    String location = p.location();
    if (rng.nextDouble() < 0.02) { // a customer mostly, not always, keeps its location
      location = LOCATIONS.pick(rng);
    }
    String balance;
    double b = rng.nextDouble();
    if (b < 0.002) {
      balance = "";
    } else if (b < 0.4 || p.balanceCents() == 0) {
      balance = money(p.balanceCents(), p.balanceDecimals());
    } else {
      long cents =
          Math.min(
              BALANCE_MAX_CENTS,
              Math.round(p.balanceCents() * StrictMath.exp(0.3 * gaussian(rng))));
      balance = money(cents, p.balanceDecimals());
    }
    return new String[] {
      "T" + id,
      p.id(),
      p.dob(),
      p.gender(),
      location,
      balance,
      transactionDate(rng),
      transactionTime(rng),
      amount(rng)
    };
  }

  /** A copy of an earlier normal row that keeps its TransactionID but differs in one value. */
  static String[] conflictWith(String[] original, SplittableRandom rng) {
    String[] f = original.clone();
    double which = rng.nextDouble();
    if (which < 0.6) {
      do {
        f[F_AMOUNT] = amount(rng);
      } while (sameNumber(f[F_AMOUNT], original[F_AMOUNT]));
    } else if (which < 0.8) {
      do {
        f[F_BALANCE] =
            money(logNormalCents(rng, BALANCE_MEDIAN, BALANCE_SIGMA, BALANCE_MAX_CENTS), true);
      } while (sameNumber(f[F_BALANCE], original[F_BALANCE]));
    } else {
      do {
        f[F_TIME] = transactionTime(rng);
      } while (f[F_TIME].equals(original[F_TIME]));
    }
    return f;
  }

  static String[] corrupt(String[] f, int kind, SplittableRandom rng) {
    switch (kind) {
      case K_AMOUNT -> f[F_AMOUNT] = BAD_AMOUNTS[rng.nextInt(BAD_AMOUNTS.length)];
      case K_DATE -> f[F_DATE] = BAD_DATES[rng.nextInt(BAD_DATES.length)];
      case K_TIME -> f[F_TIME] = BAD_TIMES[rng.nextInt(BAD_TIMES.length)];
      case K_CUSTOMER -> f[F_CUSTOMER] = "";
      case K_COLUMNS -> {
        double u = rng.nextDouble();
        int keep = u < 0.6 ? COLUMNS - 2 : u < 0.85 ? COLUMNS - 1 : 3 + rng.nextInt(4);
        String[] shorter = new String[keep];
        System.arraycopy(f, 0, shorter, 0, keep);
        return shorter;
      }
      default -> throw new IllegalStateException("not a corruption: " + kind);
    }
    return f;
  }

  private static boolean sameNumber(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() == b.isEmpty();
    }
    return Double.parseDouble(a) == Double.parseDouble(b);
  }

  // ---- fields
  // ------------------------------------------------------------------------------------

  static String transactionDate(SplittableRandom rng) {
    return dmy(FIRST_DAY_EPOCH + rng.nextInt(TRANSACTION_DAYS));
  }

  /** d/m/yy for an epoch day in 2016 (the transaction window only spans Aug-Oct 2016). */
  static String dmy(int epochDay) {
    int dayOfYear = epochDay - 16801; // 2016-01-01
    int month = 0;
    while (dayOfYear >= monthLength(month, 2016)) {
      dayOfYear -= monthLength(month, 2016);
      month++;
    }
    return (dayOfYear + 1) + "/" + (month + 1) + "/16";
  }

  static int monthLength(int month0, int year) {
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month0 == 1 && leap ? 29 : DAYS_IN_MONTH[month0];
  }

  /** HHMMSS without leading zeros, mostly in the daytime. */
  private static String transactionTime(SplittableRandom rng) {
    if (rng.nextDouble() < 0.75) {
      double s = 14.5 * 3600 + 4 * 3600 * gaussian(rng);
      return hhmmss(Math.floorMod((long) StrictMath.floor(s), 86_400));
    }
    return hhmmss(rng.nextInt(86_400));
  }

  static String hhmmss(int secondOfDay) {
    int h = secondOfDay / 3600;
    int m = secondOfDay / 60 % 60;
    int s = secondOfDay % 60;
    return Integer.toString(h * 10_000 + m * 100 + s);
  }

  private static String amount(SplittableRandom rng) {
    if (rng.nextDouble() < 0.002) {
      return "0";
    }
    long cents = logNormalCents(rng, AMOUNT_MEDIAN, AMOUNT_SIGMA, AMOUNT_MAX_CENTS);
    if (rng.nextDouble() < 0.65) {
      return Long.toString(Math.max(1, Math.round(cents / 100.0)));
    }
    return money(Math.max(1, cents), true);
  }

  static long logNormalCents(SplittableRandom rng, double median, double sigma, long maxCents) {
    double value = median * StrictMath.exp(sigma * gaussian(rng));
    return Math.min(maxCents, Math.round(value * 100));
  }

  static String money(long cents, boolean decimals) {
    if (!decimals || cents == 0) {
      return Long.toString(Math.round(cents / 100.0));
    }
    long frac = cents % 100;
    return (cents / 100) + (frac < 10 ? ".0" : ".") + frac;
  }
}
