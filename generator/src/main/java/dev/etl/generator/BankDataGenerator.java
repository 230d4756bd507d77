package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.gaussian;
import static dev.etl.generator.GeneratorSupport.mix64;
import static dev.etl.generator.GeneratorSupport.streamSeed;
import static dev.etl.generator.LinePlanner.CONFLICTING_COPY;
import static dev.etl.generator.LinePlanner.EXACT_COPY;

import dev.etl.generator.GeneratorSupport.Owners;
import dev.etl.generator.GeneratorSupport.Reservoir;
import dev.etl.generator.GeneratorSupport.Weighted;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.fraud.Suspicion;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, synthetic {@code bank_transactions.csv} that imitates the Kaggle "bank
 * customer segmentation" file, quirks included, plus a known number of planted defects.
 *
 * <p>Shape: {@code TransactionID} {@code T1, T2, ...} in order; about 1.19 transactions per
 * customer (most customers one, some two to five) spread over the whole file; a customer keeps its
 * birth date and gender (and mostly its location) on every transaction. Dates are {@code d/m/yy}
 * without leading zeros, birth dates use {@code 1/1/1800} as the "unknown" placeholder (~5.5 % of
 * rows), times are HHMMSS integers without leading zeros ({@code 1234} is 00:12:34), balances and
 * amounts are log-normal. Fields containing a comma are quoted (RFC 4180).
 *
 * <p>Defects replace normal rows, each kind with probability {@code defectRate} per row. Every
 * defect line has exactly one problem, so it is rejected (or deduplicated) for exactly that reason:
 *
 * <ul>
 *   <li>{@code exact_duplicate}: an earlier normal line repeated verbatim;
 *   <li>{@code conflicting_duplicate}: an earlier normal line's TransactionID with a different
 *       amount, balance or time (each original is reused at most once, by one of the two kinds);
 *   <li>{@code bad_amount}, {@code bad_transaction_date}, {@code bad_transaction_time}: one
 *       unusable field ({@code abc}, blank, {@code -5}; {@code 31/2/16}; {@code 250000}, ...);
 *   <li>{@code wrong_column_count}: the line lacks its last field(s);
 *   <li>{@code missing_customer_id}: blank CustomerID.
 * </ul>
 *
 * Duplicates do not consume a TransactionID; every other line does.
 *
 * <p>Planted suspicious patterns ({@code suspiciousRate} per pattern and normal row, see {@link
 * #SUSPICIOUS_PATTERNS}) replace normal rows with rows the bank job's fraud rules must find, at
 * their default thresholds; {@link Stats#suspiciousPlanted()} lists them as (transaction id,
 * reason). {@code amount_exceeds_balance}: amount 1.5–5 × the row's balance; {@code
 * implausible_age}: a birth date 2007–2015 (age under 10) or 1900–1914 written with four digits
 * (over 100); {@code location_outlier}: 600,000–1,500,000 INR in MUMBAI (robust z above 4 for the
 * generated spread); {@code burst}: a new customer with 3–5 transactions within 8 minutes of one
 * day; {@code customer_outlier}: a new customer with 3–5 transactions of 0.7–1.4 × a base amount on
 * different days and one of 30–80 × it. Normal rows may hit rules too (an amount above the balance
 * is common in this data); the planted ones are guaranteed hits. Planting draws from its own random
 * stream, so {@code suspiciousRate} 0 writes the same bytes as before planting existed.
 *
 * <p>Determinism: all randomness comes from {@link SplittableRandom}s seeded from {@link
 * Config#seed()}, floating-point math uses {@link StrictMath}, and no hash iteration order is
 * involved, so one config always gives the same bytes. Memory: one {@code int} per row (the
 * shuffled customer of each row) and a bounded sample of earlier lines to duplicate.
 */
public final class BankDataGenerator {
  /** The header the bank job expects. */
  public static final String HEADER = String.join(",", BankCsv.HEADER);

  /** Not a reason code: the job counts exact duplicates as duplicates. */
  public static final String EXACT_DUPLICATE = "exact_duplicate";

  /**
   * The defect kinds, in the order of {@link Stats#defectsPlanted()}: besides exact duplicates, the
   * reason codes the bank job gives those lines. The order is part of the output (row kinds are
   * drawn by index).
   */
  public static final List<String> DEFECT_KINDS =
      List.of(
          EXACT_DUPLICATE,
          DedupByKey.CONFLICTING_DUPLICATE,
          BankCsv.BAD_AMOUNT,
          BankCsv.BAD_TRANSACTION_DATE,
          BankCsv.BAD_TRANSACTION_TIME,
          ParseCsv.WRONG_COLUMN_COUNT,
          BankCsv.MISSING_CUSTOMER_ID);

  public static final String DOB_PLACEHOLDER = "1/1/1800";

  /**
   * The answer key {@code ./etl generate bank} writes next to the CSV: transaction_id TAB reason.
   */
  public static final String PLANTED_FILE = "planted_suspicious.tsv";

  /**
   * The planted suspicious patterns: the bank job's fraud reason codes, in the generator's own
   * order (patterns are drawn by index, so the order is part of the output).
   */
  public static final List<String> SUSPICIOUS_PATTERNS =
      List.of(
          Suspicion.AMOUNT_EXCEEDS_BALANCE,
          Suspicion.CUSTOMER_OUTLIER,
          Suspicion.LOCATION_OUTLIER,
          Suspicion.BURST,
          Suspicion.IMPLAUSIBLE_AGE);

  private static final int P_BALANCE = 0;
  private static final int P_CUSTOMER = 1;
  private static final int P_LOCATION = 2;
  private static final int P_BURST = 3;
  private static final int P_AGE = 4;

  /** A planted suspicious transaction and the reason the fraud rules must give for it. */
  public record Planted(String transactionId, String reason) {}

  /**
   * Generation parameters. {@code defectRate} is the share of rows per defect kind, {@code
   * suspiciousRate} the share of normal rows that start each planted suspicious pattern.
   */
  public record Config(long rows, long seed, double defectRate, double suspiciousRate) {
    /** Without planted suspicious patterns. */
    public Config(long rows, long seed, double defectRate) {
      this(rows, seed, defectRate, 0);
    }

    public Config {
      if (!(suspiciousRate >= 0 && suspiciousRate * SUSPICIOUS_PATTERNS.size() <= 0.05)) {
        throw new IllegalArgumentException(
            "suspiciousRate must be in [0, 0.01] (a share per pattern, five patterns): "
                + suspiciousRate);
      }
      if (rows < 0 || rows > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(
            "rows must be in [0, " + (Integer.MAX_VALUE - 16) + "]: " + rows);
      }
      if (!(defectRate >= 0 && defectRate * DEFECT_KINDS.size() <= 1)) {
        throw new IllegalArgumentException(
            "defectRate must be in [0, 1/" + DEFECT_KINDS.size() + "]: " + defectRate);
      }
    }

    /**
     * The size of the real file: 1,048,567 rows, seed 42, 0.2 % of rows per defect kind, 0.02 % of
     * normal rows starting each suspicious pattern.
     */
    public static Config defaults() {
      return new Config(1_048_567, 42, 0.002, 0.0002);
    }
  }

  /**
   * What was written: data lines (header excluded), planted defects by kind and planted suspicious
   * transactions.
   */
  public record Stats(
      long dataLines, Map<String, Long> defectsPlanted, List<Planted> suspiciousPlanted) {
    public Stats {
      defectsPlanted = Collections.unmodifiableMap(new LinkedHashMap<>(defectsPlanted));
      suspiciousPlanted = List.copyOf(suspiciousPlanted);
    }

    /** Planted suspicious transactions per reason, every reason listed. */
    public Map<String, Long> suspiciousByReason() {
      Map<String, Long> counts = new LinkedHashMap<>();
      SUSPICIOUS_PATTERNS.forEach(reason -> counts.put(reason, 0L));
      suspiciousPlanted.forEach(p -> counts.merge(p.reason(), 1L, Long::sum));
      return counts;
    }
  }

  // ---- distributions -------------------------------------------------------------------------

  /** CustLocation values, weighted by how many customers live there. */
  private static final Weighted LOCATIONS =
      Vocabulary.load("bank-vocabulary.txt").weighted("locations");

  /** Transactions per customer 1..5: mean ~1.18 (1,048,567 rows / ~884k customers). */
  private static final double[] TX_PER_CUSTOMER_CUMULATIVE = {0.865, 0.969, 0.991, 0.997, 1.0};

  private static final int FIRST_DAY_EPOCH = 17014; // 2016-08-01
  private static final int TRANSACTION_DAYS = 82; // 1 Aug .. 21 Oct 2016
  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private static final double BALANCE_MEDIAN = 16_000;
  private static final double BALANCE_SIGMA = 1.78;
  private static final long BALANCE_MAX_CENTS = 11_503_549_510L; // 115,035,495.10
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
  private static final int F_ID = 0;
  private static final int F_CUSTOMER = 1;
  private static final int F_DOB = 2;
  private static final int F_LOCATION = 4;
  private static final int F_BALANCE = 5;
  private static final int F_DATE = 6;
  private static final int F_TIME = 7;
  private static final int F_AMOUNT = 8;
  private static final int COLUMNS = 9;

  // row kinds: LinePlanner.NORMAL, 1 + index in DEFECT_KINDS (EXACT_COPY, CONFLICTING_COPY, then
  // these)
  private static final int K_AMOUNT = 3;
  private static final int K_DATE = 4;
  private static final int K_TIME = 5;
  private static final int K_COLUMNS = 6;
  private static final int K_CUSTOMER = 7;

  // independent random streams
  private static final long SALT_KINDS = 0x4B494E44L;
  private static final long SALT_CUSTOMERS = 0x43555354L;
  private static final long SALT_SLOTS = 0x534C4F54L;
  private static final long SALT_ROWS = 0x524F5753L;
  private static final long SALT_DUPLICATES = 0x44555053L;
  private static final long SALT_PLANTS = 0x504C4E54L;

  private BankDataGenerator() {}

  /**
   * Writes the header and {@code config.rows()} data lines as UTF-8 with {@code \n} line ends. The
   * stream is flushed, not closed.
   */
  public static Stats write(OutputStream out, Config config) throws IOException {
    int rows = (int) config.rows();
    long seed = config.seed();

    // Pass 1: replay the row kinds to learn how many rows draw a customer (all but duplicates).
    LinePlanner planner = rowKinds(config);
    int customerRows = 0;
    for (int i = 0; i < rows; i++) {
      int kind = planner.next();
      if (kind != EXACT_COPY && kind != CONFLICTING_COPY) {
        customerRows++;
      }
    }
    Customers customers = new Customers(seed, customerRows);

    // Pass 2: write.
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, SALT_ROWS));
    Planter planter = new Planter(seed, config.suspiciousRate(), customers);
    List<Planted> planted = new ArrayList<>();
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    writer.write(HEADER);
    writer.write('\n');
    long[] defects =
        rowKinds(config)
            .writeCsv(
                writer,
                rows,
                DEFECT_KINDS.size(),
                new Reservoir<>(new SplittableRandom(streamSeed(seed, SALT_DUPLICATES))),
                new LinePlanner.CsvLines() {
                  private long nextId = 1;
                  private int slot;

                  @Override
                  public String[] normal() {
                    // a planted row takes a normal row's place, and may be duplicated like one
                    return planter.plantsNext() ? planter.next("T" + nextId++, planted) : newRow();
                  }

                  @Override
                  public String[] conflicting(String[] original) {
                    return conflictWith(original, rng);
                  }

                  @Override
                  public String[] defective(int kind) {
                    return corrupt(newRow(), kind, rng);
                  }

                  private String[] newRow() {
                    return normalRow(nextId++, customers.ofSlot(slot++), customers, rng);
                  }
                });
    writer.flush();
    return new Stats(rows, GeneratorSupport.byKind(DEFECT_KINDS, defects), planted);
  }

  private static LinePlanner rowKinds(Config config) {
    return LinePlanner.csv(
        streamSeed(config.seed(), SALT_KINDS), config.defectRate(), DEFECT_KINDS.size(), false);
  }

  // ---- rows
  // --------------------------------------------------------------------------------------

  private static String[] normalRow(
      long id, int customer, Customers customers, SplittableRandom rng) {
    Customers.Profile p = customers.profile(customer);
    String location = p.location;
    if (rng.nextDouble() < 0.02) { // a customer mostly, not always, keeps its location
      location = LOCATIONS.pick(rng);
    }
    String balance;
    double b = rng.nextDouble();
    if (b < 0.002) {
      balance = "";
    } else if (b < 0.4 || p.balanceCents == 0) {
      balance = money(p.balanceCents, p.balanceDecimals);
    } else {
      long cents =
          Math.min(
              BALANCE_MAX_CENTS, Math.round(p.balanceCents * StrictMath.exp(0.3 * gaussian(rng))));
      balance = money(cents, p.balanceDecimals);
    }
    return new String[] {
      "T" + id,
      p.id,
      p.dob,
      p.gender,
      location,
      balance,
      transactionDate(rng),
      transactionTime(rng),
      amount(rng)
    };
  }

  /** A copy of an earlier normal row that keeps its TransactionID but differs in one value. */
  private static String[] conflictWith(String[] original, SplittableRandom rng) {
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

  private static String[] corrupt(String[] f, int kind, SplittableRandom rng) {
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

  private static String transactionDate(SplittableRandom rng) {
    return dmy(FIRST_DAY_EPOCH + rng.nextInt(TRANSACTION_DAYS));
  }

  /** d/m/yy for an epoch day in 2016 (the transaction window only spans Aug-Oct 2016). */
  private static String dmy(int epochDay) {
    int dayOfYear = epochDay - 16801; // 2016-01-01
    int month = 0;
    while (dayOfYear >= monthLength(month, 2016)) {
      dayOfYear -= monthLength(month, 2016);
      month++;
    }
    return (dayOfYear + 1) + "/" + (month + 1) + "/16";
  }

  private static int monthLength(int month0, int year) {
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

  private static String hhmmss(int secondOfDay) {
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

  private static long logNormalCents(
      SplittableRandom rng, double median, double sigma, long maxCents) {
    double value = median * StrictMath.exp(sigma * gaussian(rng));
    return Math.min(maxCents, Math.round(value * 100));
  }

  private static String money(long cents, boolean decimals) {
    if (!decimals || cents == 0) {
      return Long.toString(Math.round(cents / 100.0));
    }
    long frac = cents % 100;
    return (cents / 100) + (frac < 10 ? ".0" : ".") + frac;
  }

  /**
   * Plants the suspicious patterns. Each normal row starts a pattern with probability {@code rate}
   * per pattern; a pattern's rows then take the places of the next normal rows. A pattern is listed
   * in {@link Stats#suspiciousPlanted()} only once all its rows were written (the file may end in
   * the middle of one). Multi-row patterns use new customers, numbered after the regular ones, so
   * their history is exactly what was planted.
   */
  private static final class Planter {
    private final SplittableRandom rng;
    private final double rate;
    private final Customers customers;
    private final java.util.ArrayDeque<PlantedRow> pending = new java.util.ArrayDeque<>();
    private int newCustomers;

    private record Group(List<Planted> hits, int[] left) {}

    private record PlantedRow(String[] fields, String reason, Group group) {}

    Planter(long seed, double rate, Customers customers) {
      this.rng = new SplittableRandom(streamSeed(seed, SALT_PLANTS));
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
        case P_BALANCE -> {
          String[] f = regularRow();
          long balanceCents = logNormalCents(rng, 5_000, 1.0, BALANCE_MAX_CENTS);
          f[F_BALANCE] = money(Math.max(100, balanceCents), true);
          f[F_AMOUNT] =
              money(Math.round(Math.max(100, balanceCents) * (1.5 + 3.5 * rng.nextDouble())), true);
          add(List.<String[]>of(f), reason);
        }
        case P_AGE -> {
          String[] f = regularRow();
          int day = 1 + rng.nextInt(28);
          int month = 1 + rng.nextInt(12);
          int young = 7 + rng.nextInt(9);
          f[F_DOB] =
              rng.nextBoolean()
                  ? day + "/" + month + "/" + (young < 10 ? "0" : "") + young // 2007-2015: under 10
                  : day + "/" + month + "/" + (1900 + rng.nextInt(15)); // 1900-1914: over 100
          add(List.<String[]>of(f), reason);
        }
        case P_LOCATION -> {
          String[] f = regularRow();
          f[F_LOCATION] = "MUMBAI";
          f[F_AMOUNT] = money(60_000_000 + rng.nextLong(90_000_000), true);
          add(List.<String[]>of(f), reason);
        }
        case P_BURST -> {
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
          rows.sort(java.util.Comparator.comparingInt(f -> Integer.parseInt(f[F_TIME])));
          add(rows, reason);
        }
        case P_CUSTOMER -> {
          int customer = newCustomer();
          int history = 3 + rng.nextInt(3);
          double base = 100 + rng.nextInt(2_000);
          int firstDay = rng.nextInt(TRANSACTION_DAYS - history - 1);
          List<String[]> rows = new ArrayList<>();
          for (int i = 0; i <= history; i++) {
            String[] f = normalRow(0, customer, customers, rng);
            f[F_DATE] = dmy(FIRST_DAY_EPOCH + firstDay + i); // one a day: never a burst
            double multiple =
                i < history ? 0.7 + 0.7 * rng.nextDouble() : 30 + 50 * rng.nextDouble();
            f[F_AMOUNT] = money(Math.round(base * multiple * 100), true);
            rows.add(f);
          }
          // only the last (the outlier) is the planted hit
          Group group = new Group(new ArrayList<>(), new int[] {rows.size()});
          for (int i = 0; i < rows.size(); i++) {
            pending.add(new PlantedRow(rows.get(i), i == history ? reason : null, group));
          }
        }
        default -> throw new IllegalStateException("no pattern " + pattern);
      }
    }

    private void add(List<String[]> rows, String reason) {
      Group group = new Group(new ArrayList<>(), new int[] {rows.size()});
      rows.forEach(f -> pending.add(new PlantedRow(f, reason, group)));
    }

    /** A row of a regular customer, as a normal row would be. */
    private String[] regularRow() {
      return normalRow(0, rng.nextInt(customers.count()), customers, rng);
    }

    private int newCustomer() {
      return customers.count() + newCustomers++;
    }
  }

  /**
   * Customers: how many rows each one gets (shuffled over the file) and a profile derived from the
   * customer number alone, so profiles need no storage.
   */
  private static final class Customers {
    private static final int ID_SPACE = 9_000_000; // C1000000 .. C9999999

    private final long profileSeed;
    private final int[] slots;
    private final int count;
    private final long multiplier;
    private final long offset;

    Customers(long seed, int rows) {
      SplittableRandom rng = new SplittableRandom(streamSeed(seed, SALT_SLOTS));
      Owners owners =
          Owners.draw(
              rows,
              rng,
              r -> {
                double u = r.nextDouble();
                int n = 1;
                while (u >= TX_PER_CUSTOMER_CUMULATIVE[n - 1]) {
                  n++;
                }
                return n;
              });
      slots = owners.ofSlot();
      count = owners.count();
      // an odd multiplier not divisible by 3 or 5 is coprime with 9,000,000 = 2^6 * 3^2 * 5^6:
      // customer number -> 7-digit id is then a bijection
      long m;
      do {
        m = 1 + 2 * rng.nextLong(ID_SPACE / 2);
      } while (m % 3 == 0 || m % 5 == 0);
      multiplier = m;
      offset = rng.nextLong(ID_SPACE);
      profileSeed = streamSeed(seed, SALT_CUSTOMERS);
    }

    int ofSlot(int slot) {
      return slots[slot];
    }

    int count() {
      return count;
    }

    String id(int customer) {
      if (count > ID_SPACE) { // more customers than 7 digits allow: plain wider numbers
        return "C" + (10_000_000L + customer);
      }
      return "C" + (1_000_000 + (customer * multiplier + offset) % ID_SPACE);
    }

    Profile profile(int customer) {
      SplittableRandom r = new SplittableRandom(mix64(profileSeed + customer));
      double d = r.nextDouble();
      String dob = d < 0.055 ? DOB_PLACEHOLDER : d < 0.058 ? "" : birthDate(r);
      double g = r.nextDouble();
      String gender = g < 0.001 ? "" : g < 0.001 + 0.999 * 0.73 ? "M" : "F";
      String location = r.nextDouble() < 0.0001 ? "" : LOCATIONS.pick(r);
      long balanceCents =
          r.nextDouble() < 0.002
              ? 0
              : logNormalCents(r, BALANCE_MEDIAN, BALANCE_SIGMA, BALANCE_MAX_CENTS);
      boolean balanceDecimals = r.nextDouble() < 0.75;
      return new Profile(id(customer), dob, gender, location, balanceCents, balanceDecimals);
    }

    /** d/m/yy, 1930-2005, mostly 1980s-1990s. */
    private static String birthDate(SplittableRandom r) {
      int year;
      if (r.nextDouble() < 0.8) {
        year = (int) Math.round(1989 + 6 * gaussian(r));
        year = Math.max(1930, Math.min(2005, year));
      } else {
        year = 1930 + r.nextInt(76);
      }
      int month0 = r.nextInt(12);
      int day = 1 + r.nextInt(monthLength(month0, year));
      int yy = year % 100;
      return day + "/" + (month0 + 1) + "/" + (yy < 10 ? "0" : "") + yy;
    }

    record Profile(
        String id,
        String dob,
        String gender,
        String location,
        long balanceCents,
        boolean balanceDecimals) {}
  }
}
