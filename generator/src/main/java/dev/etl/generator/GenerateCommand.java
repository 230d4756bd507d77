package dev.etl.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ./etl generate bank|music --output=DIR [...]}: synthetic input files with the real files'
 * shape and quirks, deterministic for a seed, into a local folder. A development tool: its own
 * module and entry point, outside the production and bundled jars.
 */
public final class GenerateCommand {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl generate bank --output=DIR [--rows=N] [--seed=N] [--defectRate=R] [--suspiciousRate=R]",
          "       ./etl generate music --output=DIR [--tracks=N] [--listens=N] [--seed=N] [--defectRate=R]",
          "",
          "  --output=DIR       folder to write into (required): bank_transactions.csv, or",
          "                     Music_Info.csv and User_Listening_History.csv",
          "  --rows=N           bank data lines, defects included (default 1048567, the real file's size)",
          "  --tracks=N         music catalog lines, defects included (default 50683)",
          "  --listens=N        listening-history lines, defects included (default 9711301)",
          "  --seed=N           random seed; the same seed writes the same bytes (default 42)",
          "  --defectRate=R     share of lines per defect kind (bank default 0.002, music 0.001): bank:",
          "                     exact and conflicting duplicates, bad amounts, impossible dates and times,",
          "                     short rows, blank customer ids; music: duplicate and conflicting tracks,",
          "                     bad numbers, short rows, duplicate listen lines, orphan track ids, bad playcounts",
          "  --suspiciousRate=R bank: share of normal rows starting each planted suspicious pattern (default",
          "                     0.0002): amount above balance, customer outlier, location outlier, burst,",
          "                     implausible age; the planted transactions are listed in "
              + BankDataGenerator.PLANTED_FILE);

  private GenerateCommand() {}

  /** A problem the user can fix: printed as one message, exit code 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(Arrays.asList(args));
    } catch (UsageError e) {
      System.err.println("error: " + e.getMessage());
      code = 2;
    } catch (IOException e) {
      System.err.println(
          "error: cannot write the generated files: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
      if (System.getenv("ETL_DEBUG") != null) {
        e.printStackTrace();
      }
      code = 1;
    }
    System.exit(code);
  }

  /** Runs {@code generate} with its arguments (data set first) and returns the exit code. */
  public static int run(List<String> args) throws IOException {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String dataset = args.get(0);
    List<String> options = args.subList(1, args.size());
    List<String> allowed =
        switch (dataset) {
          case "bank" -> List.of("output", "rows", "seed", "defectRate", "suspiciousRate");
          case "music" -> List.of("output", "tracks", "listens", "seed", "defectRate");
          default ->
              throw new UsageError(
                  "unknown data set '" + dataset + "' (known: bank, music)\n\n" + USAGE);
        };
    Map<String, String> values = new HashMap<>(); // the last --name=value wins
    for (String option : options) {
      String name = option.replaceFirst("^--", "").replaceFirst("=.*", "");
      if (!allowed.contains(name) || !option.startsWith("--") || !option.contains("=")) {
        throw new UsageError(
            "unknown option '" + option + "' for generate " + dataset + "\n\n" + USAGE);
      }
      values.put(name, option.substring(option.indexOf('=') + 1));
    }
    String output = values.get("output");
    if (output == null) {
      throw new UsageError("generate needs --output=DIR\n\n" + USAGE);
    }
    if (output.contains("://")) {
      throw new UsageError(
          "generate writes into a local folder, not "
              + output
              + " (generate locally, then copy the files)");
    }
    Path dir = Paths.get(output).toAbsolutePath().normalize();
    Files.createDirectories(dir);
    long start = System.nanoTime();
    if (dataset.equals("bank")) {
      BankDataGenerator.Config defaults = BankDataGenerator.Config.defaults();
      BankDataGenerator.Config config =
          config(
              () ->
                  new BankDataGenerator.Config(
                      number(values, "rows", defaults.rows()),
                      number(values, "seed", defaults.seed()),
                      rate(values, "defectRate", defaults.defectRate()),
                      rate(values, "suspiciousRate", defaults.suspiciousRate())));
      Path file = dir.resolve("bank_transactions.csv");
      BankDataGenerator.Stats stats = write(file, out -> BankDataGenerator.write(out, config));
      report(file, stats.dataLines(), stats.defectsPlanted(), start);
      Path key = dir.resolve(BankDataGenerator.PLANTED_FILE);
      StringBuilder tsv = new StringBuilder("transaction_id\treason\n");
      stats
          .suspiciousPlanted()
          .forEach(p -> tsv.append(p.transactionId()).append('\t').append(p.reason()).append('\n'));
      Files.writeString(key, tsv, StandardCharsets.UTF_8);
      System.out.printf(
          "wrote %s: planted suspicious transactions %s%n", key, stats.suspiciousByReason());
    } else {
      MusicDataGenerator.Config defaults = MusicDataGenerator.Config.defaults();
      MusicDataGenerator.Config config =
          config(
              () ->
                  new MusicDataGenerator.Config(
                      Math.toIntExact(number(values, "tracks", defaults.tracks())),
                      number(values, "listens", defaults.listens()),
                      number(values, "seed", defaults.seed()),
                      rate(values, "defectRate", defaults.defectRate())));
      Path tracks = dir.resolve("Music_Info.csv");
      MusicDataGenerator.Stats trackStats =
          write(tracks, out -> MusicDataGenerator.writeTracks(out, config));
      report(tracks, trackStats.dataLines(), trackStats.defectsPlanted(), start);
      Path listens = dir.resolve("User_Listening_History.csv");
      MusicDataGenerator.Stats listenStats =
          write(listens, out -> MusicDataGenerator.writeListens(out, config));
      report(listens, listenStats.dataLines(), listenStats.defectsPlanted(), start);
    }
    return 0;
  }

  /** What writes one generated file into a stream and says what it wrote. */
  private interface FileWriter<S> {
    S write(OutputStream out) throws IOException;
  }

  private static <S> S write(Path file, FileWriter<S> writer) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      return writer.write(out);
    }
  }

  private static void report(Path file, long lines, Map<String, Long> planted, long startNanos) {
    System.out.printf(
        "wrote %s: %,d data lines in %.1f s; planted: %s%n",
        file, lines, (System.nanoTime() - startNanos) / 1e9, planted);
  }

  /** The generators validate their config; their complaint is the user's error message. */
  private static <C> C config(Supplier<C> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageError("invalid generator option: " + e.getMessage() + "\n\n" + USAGE);
    }
  }

  private static long number(Map<String, String> values, String name, long fallback) {
    String value = values.get(name);
    try {
      long parsed = value == null ? fallback : Long.parseLong(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageError(
          "--" + name + " must be a non-negative whole number, got '" + value + "'");
    }
  }

  private static double rate(Map<String, String> values, String name, double fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new UsageError("--" + name + " must be a number, got '" + value + "'");
    }
  }
}
