package dev.etl.generator;

import static dev.etl.generator.BankDataGenerator.SUSPICIOUS_PATTERNS;
import static dev.etl.generator.BankRows.BALANCE_MAX_CENTS;
import static dev.etl.generator.BankRows.FIRST_DAY_EPOCH;
import static dev.etl.generator.BankRows.F_AMOUNT;
import static dev.etl.generator.BankRows.F_BALANCE;
import static dev.etl.generator.BankRows.F_DATE;
import static dev.etl.generator.BankRows.F_DOB;
import static dev.etl.generator.BankRows.F_ID;
import static dev.etl.generator.BankRows.F_LOCATION;
import static dev.etl.generator.BankRows.F_TIME;
import static dev.etl.generator.BankRows.TRANSACTION_DAYS;
import static dev.etl.generator.BankRows.dmy;
import static dev.etl.generator.BankRows.hhmmss;
import static dev.etl.generator.BankRows.logNormalCents;
import static dev.etl.generator.BankRows.money;
import static dev.etl.generator.BankRows.normalRow;
import static dev.etl.generator.BankRows.transactionDate;
import static dev.etl.generator.GeneratorSupport.streamSeed;

import dev.etl.generator.BankDataGenerator.Planted;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plants the suspicious patterns. Each normal row starts a pattern with probability {@code rate}
 * per pattern; a pattern's rows then take the places of the next normal rows. A pattern is listed
 * in {@link BankDataGenerator.Stats#suspiciousPlanted()} only once all its rows were written (the
 * file may end in the middle of one). Multi-row patterns use new customers, numbered after the
 * regular ones, so their history is exactly what was planted.
 */
final class SuspiciousPlanter {
  private static final int P_BALANCE = 0;
  private static final int P_CUSTOMER = 1;
  private static final int P_LOCATION = 2;
  private static final int P_BURST = 3;
  private static final int P_AGE = 4;

  private final SplittableRandom rng;
  private final double rate;
  private final BankCustomers customers;
  private final ArrayDeque<PlantedRow> pending = new ArrayDeque<>();
  private int newCustomers;

  private record Group(List<Planted> hits, int[] left) {}

  private record PlantedRow(String[] fields, String reason, Group group) {}

  SuspiciousPlanter(long seed, double rate, BankCustomers customers) {
    this.rng = new SplittableRandom(streamSeed(seed, BankDataGenerator.SALT_PLANTS));
    this.rate = rate;
    this.customers = customers;
  }

  /** Whether the next normal row is a planted one (drawn only when no pattern is pending). */
  boolean plantsNext() {
    if (!pending.isEmpty()) {
      return true;
    }
    if (rate == 0) {
      return false;
    }
    double u = rng.nextDouble();
    if (u >= rate * SUSPICIOUS_PATTERNS.size()) {
      return false;
    }
    plan((int) (u / rate));
    return true;
  }

  String[] next(String transactionId, List<Planted> planted) {
    PlantedRow row = pending.poll();
    row.fields[F_ID] = transactionId;
    if (row.reason != null) {
      row.group.hits.add(new Planted(transactionId, row.reason));
    }
    if (--row.group.left[0] == 0) {
      planted.addAll(row.group.hits);
    }
    return row.fields;
  }

  private void plan(int pattern) {
    String reason = SUSPICIOUS_PATTERNS.get(pattern);
    switch (pattern) {
      case P_BALANCE -> add(List.<String[]>of(amountAboveBalance()), reason, false);
      case P_AGE -> add(List.<String[]>of(implausibleAge()), reason, false);
      case P_LOCATION -> add(List.<String[]>of(locationOutlier()), reason, false);
      case P_BURST -> add(burst(), reason, false);
      // only the last (the outlier) is the planted hit
      case P_CUSTOMER -> add(historyWithOutlier(), reason, true);
      default -> throw new IllegalStateException("no pattern " + pattern);
    }
  }

  /** Queues a pattern's rows; its hits are all of them, or only the last one. */
  private void add(List<String[]> rows, String reason, boolean lastOnly) {
    Group group = new Group(new ArrayList<>(), new int[] {rows.size()});
    for (int i = 0; i < rows.size(); i++) {
      boolean hit = !lastOnly || i == rows.size() - 1;
      pending.add(new PlantedRow(rows.get(i), hit ? reason : null, group));
    }
  }

  private String[] amountAboveBalance() {
    String[] f = regularRow();
    long balanceCents = logNormalCents(rng, 5_000, 1.0, BALANCE_MAX_CENTS);
    f[F_BALANCE] = money(Math.max(100, balanceCents), true);
    f[F_AMOUNT] =
        money(Math.round(Math.max(100, balanceCents) * (1.5 + 3.5 * rng.nextDouble())), true);
    return f;
  }

  private String[] implausibleAge() {
    String[] f = regularRow();
    int day = 1 + rng.nextInt(28);
    int month = 1 + rng.nextInt(12);
    int young = 7 + rng.nextInt(9);
    f[F_DOB] =
        rng.nextBoolean()
            ? day + "/" + month + "/" + (young < 10 ? "0" : "") + young // 2007-2015: under 10
            : day + "/" + month + "/" + (1900 + rng.nextInt(15)); // 1900-1914: over 100
    return f;
  }

  private String[] locationOutlier() {
    String[] f = regularRow();
    f[F_LOCATION] = "MUMBAI";
    f[F_AMOUNT] = money(60_000_000 + rng.nextLong(90_000_000), true);
    return f;
  }

  /** A new customer's 3-5 rows within 8 minutes of one day, in time order. */
  private List<String[]> burst() {
    int customer = newCustomer();
    int count = 3 + rng.nextInt(3);
    String date = transactionDate(rng);
    int start = 8 * 3600 + rng.nextInt(13 * 3600);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] f = normalRow(0, customer, customers, rng);
      f[F_DATE] = date;
      f[F_TIME] = hhmmss(start + (i == 0 ? 0 : rng.nextInt(8 * 60 + 1)));
      rows.add(f);
    }
    rows.sort(Comparator.comparingInt(f -> Integer.parseInt(f[F_TIME])));
    return rows;
  }

  /**
   * A new customer: 3-5 amounts of 0.7-1.4 x a base on consecutive days, then one of 30-80 x it.
   */
  private List<String[]> historyWithOutlier() {
    int customer = newCustomer();
    int history = 3 + rng.nextInt(3);
    double base = 100 + rng.nextInt(2_000);
    int firstDay = rng.nextInt(TRANSACTION_DAYS - history - 1);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i <= history; i++) {
      String[] f = normalRow(0, customer, customers, rng);
      f[F_DATE] = dmy(FIRST_DAY_EPOCH + firstDay + i); // one a day: never a burst
      double multiple = i < history ? 0.7 + 0.7 * rng.nextDouble() : 30 + 50 * rng.nextDouble();
      f[F_AMOUNT] = money(Math.round(base * multiple * 100), true);
      rows.add(f);
    }
    return rows;
  }

  /** A row of a regular customer, as a normal row would be. */
  private String[] regularRow() {
    return normalRow(0, rng.nextInt(customers.count()), customers, rng);
  }

  private int newCustomer() {
    return customers.count() + newCustomers++;
  }
}
