package dev.etl.generator;

import static dev.etl.generator.BankRows.conflictWith;
import static dev.etl.generator.BankRows.corrupt;
import static dev.etl.generator.BankRows.normalRow;
import static dev.etl.generator.GeneratorSupport.streamSeed;
import static dev.etl.generator.LinePlanner.CONFLICTING_COPY;
import static dev.etl.generator.LinePlanner.EXACT_COPY;

import dev.etl.generator.GeneratorSupport.Reservoir;
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
 *
 * <p>Where things are: {@link BankRows} makes the rows (normal, conflicting, defective) and spells
 * dates, times and money; {@link BankCustomers} draws the customers and their profiles; {@link
 * SuspiciousPlanter} plants the suspicious patterns. {@link LinePlanner} and {@link
 * GeneratorSupport} are shared with {@link MusicDataGenerator}.
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

  // One salt per independent random stream, all here so that no two streams share one.
  static final long SALT_KINDS = 0x4B494E44L;
  static final long SALT_CUSTOMERS = 0x43555354L;
  static final long SALT_SLOTS = 0x534C4F54L;
  static final long SALT_ROWS = 0x524F5753L;
  static final long SALT_DUPLICATES = 0x44555053L;
  static final long SALT_PLANTS = 0x504C4E54L;

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
    BankCustomers customers = new BankCustomers(seed, customerRows);

    // Pass 2: write.
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, SALT_ROWS));
    SuspiciousPlanter planter = new SuspiciousPlanter(seed, config.suspiciousRate(), customers);
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
}
