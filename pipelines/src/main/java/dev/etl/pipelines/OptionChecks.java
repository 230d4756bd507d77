package dev.etl.pipelines;

import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankParseOptions;
import dev.etl.pipelines.bank.FraudRuleOptions;
import dev.etl.pipelines.common.EtlOptions;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.music.MusicOptions;
import dev.etl.transforms.csv.LineDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Every option value of both jobs, checked in one place before a graph is built: a bad value is a
 * {@link UserError} (exit code 2) in one sentence naming the option and its allowed range. (Beam
 * itself only checks types and required options; the transforms' own argument checks stay as a
 * guard for programmers, and are not what a user should see.)
 */
public final class OptionChecks {
  static final int MAX_BUCKETS = 1 << 20;
  static final int MAX_SHARDS = 10_000;
  static final int MAX_TOP_N = 100_000;
  static final int MAX_AGE = 150;

  private OptionChecks() {}

  public static void bank(BankOptions o) {
    common(o);
    notBlank("input", o.getInput());
    fraudRules(o);
    BankParseOptions.latestTransactionDate(o);
  }

  /** The rule thresholds, shared by the batch and the streaming bank job. */
  public static void fraudRules(FraudRuleOptions o) {
    positive("customerOutlierFactor", o.getCustomerOutlierFactor());
    between("customerOutlierMinHistory", o.getCustomerOutlierMinHistory(), 1, Integer.MAX_VALUE);
    positive("locationOutlierZ", o.getLocationOutlierZ());
    between(
        "locationOutlierMinTransactions",
        o.getLocationOutlierMinTransactions(),
        2,
        Integer.MAX_VALUE);
    between("burstCount", o.getBurstCount(), 2, Integer.MAX_VALUE);
    between("burstWindowMinutes", o.getBurstWindowMinutes(), 0, 24 * 60);
    between("minPlausibleAge", o.getMinPlausibleAge(), 0, MAX_AGE);
    between("maxPlausibleAge", o.getMaxPlausibleAge(), o.getMinPlausibleAge(), MAX_AGE);
  }

  public static void music(MusicOptions o) {
    common(o);
    between("topN", o.getTopN(), 1, MAX_TOP_N);
    snapshotDate(o);
  }

  /**
   * The snapshot's day: {@code YYYY-MM-DD}, not after today (UTC), since the catalog's partition
   * projection runs up to NOW. Unset means today, UTC.
   */
  public static LocalDate snapshotDate(MusicOptions o) {
    String text = o.getSnapshotDate();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (text == null) {
      return today;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new UserError(
          "--snapshotDate must be a day as YYYY-MM-DD (e.g. " + today + "), got '" + text + "'");
    }
    if (date.isAfter(today)) {
      throw new UserError(
          "--snapshotDate must not be after today ("
              + today
              + ", UTC), got "
              + date
              + ": a snapshot describes data already there");
    }
    return date;
  }

  private static void common(EtlOptions o) {
    notBlank("output", o.getOutput());
    Path local = o.getOutput().contains("://") ? null : Path.of(o.getOutput());
    if (local != null && Files.exists(local) && !Files.isDirectory(local)) {
      throw new UserError("--output must be a directory, but " + o.getOutput() + " is a file");
    }
    between("numShards", o.getNumShards(), 1, MAX_SHARDS);
    between("buckets", o.getBuckets(), 1, MAX_BUCKETS);
    try {
      LineDecoder.of(o.getEncoding());
    } catch (IllegalArgumentException e) {
      throw new UserError("--encoding: " + e.getMessage());
    }
  }

  private static void notBlank(String option, String value) {
    if (value == null || value.replace(",", "").isBlank()) {
      throw new UserError(
          "--" + option + " must name a path, got '" + (value == null ? "" : value) + "'");
    }
  }

  private static void between(String option, long value, long min, long max) {
    if (value < min || value > max) {
      String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
      throw new UserError("--" + option + " must be a whole number " + range + ", got " + value);
    }
  }

  private static void positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new UserError("--" + option + " must be a number above 0, got " + value);
    }
  }
}
