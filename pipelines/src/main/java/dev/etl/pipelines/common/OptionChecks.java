package dev.etl.pipelines.common;

import dev.etl.transforms.csv.LineDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/**
 * The checks every job's option check is made of ({@code BankOptionChecks}, {@code
 * MusicOptionChecks}, {@code StreamOptionChecks}: each job checks all its options in one place
 * before a graph is built). A bad value is a {@link UserError} (exit code 2) in one sentence naming
 * the option and its allowed range. (Beam itself only checks types and required options; the
 * transforms' own argument checks stay as a guard for programmers, and are not what a user should
 * see.)
 */
public final class OptionChecks {
  public static final int MAX_BUCKETS = 1 << 20;
  public static final int MAX_SHARDS = 10_000;

  private OptionChecks() {}

  /** The options of every batch job: --output, --numShards, --buckets, --encoding. */
  public static void batchJob(EtlOptions o) {
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

  public static void notBlank(String option, String value) {
    if (value == null || value.replace(",", "").isBlank()) {
      throw new UserError(
          "--" + option + " must name a path, got '" + (value == null ? "" : value) + "'");
    }
  }

  public static void between(String option, long value, long min, long max) {
    if (value < min || value > max) {
      String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
      throw new UserError("--" + option + " must be a whole number " + range + ", got " + value);
    }
  }

  public static void positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new UserError("--" + option + " must be a number above 0, got " + value);
    }
  }

  /** 500ms, 30s, 5m, 2h, 1d. */
  public static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new UserError(
          "--" + option + " must be a duration like 500ms, 30s, 5m, 2h or 1d, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.millis(n);
      case "s" -> Duration.standardSeconds(n);
      case "m" -> Duration.standardMinutes(n);
      case "h" -> Duration.standardHours(n);
      default -> Duration.standardDays(n);
    };
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** One of {@code allowed}. */
  public static void oneOf(String option, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new UserError(
          "--"
              + option
              + " must be "
              + String.join(", ", allowed.subList(0, allowed.size() - 1))
              + " or "
              + allowed.get(allowed.size() - 1)
              + ", got "
              + value);
    }
  }
}
