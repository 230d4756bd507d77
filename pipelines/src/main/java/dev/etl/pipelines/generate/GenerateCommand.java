package dev.etl.pipelines.generate;

import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * {@code ./etl generate bank|music --output=DIR [...]}: synthetic input files with the real files'
 * shape and quirks, deterministic for a seed.
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
          "                     implausible age; the planted transactions are listed in " + BankDataGenerator.PLANTED_FILE);

  private GenerateCommand() {}

  public static int run(List<String> args) throws Exception {
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
          default -> throw new UserError("unknown data set '" + dataset + "' (known: bank, music)\n\n" + USAGE);
        };
    for (String option : options) {
      String name = option.replaceFirst("^--", "").replaceFirst("=.*", "");
      if (!allowed.contains(name) || !option.startsWith("--") || !option.contains("=")) {
        throw new UserError("unknown option '" + option + "' for generate " + dataset + "\n\n" + USAGE);
      }
    }
    String output = RunnerProfiles.valueOf(options, "output");
    if (output == null) {
      throw new UserError("generate needs --output=DIR\n\n" + USAGE);
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    if (!output.contains("://")) {
      java.nio.file.Files.createDirectories(java.nio.file.Paths.get(output));
    }
    ResourceId dir = FileSystems.matchNewResource(output, true);
    long start = System.nanoTime();
    if (dataset.equals("bank")) {
      BankDataGenerator.Config defaults = BankDataGenerator.Config.defaults();
      BankDataGenerator.Config config =
          config(
              () ->
                  new BankDataGenerator.Config(
                      number(options, "rows", defaults.rows()),
                      number(options, "seed", defaults.seed()),
                      rate(options, "defectRate", defaults.defectRate()),
                      rate(options, "suspiciousRate", defaults.suspiciousRate())));
      ResourceId file = dir.resolve("bank_transactions.csv", StandardResolveOptions.RESOLVE_FILE);
      BankDataGenerator.Stats stats;
      try (OutputStream out = create(file)) {
        stats = BankDataGenerator.write(out, config);
      }
      report(file, stats.dataLines(), stats.defectsPlanted(), start);
      ResourceId key = dir.resolve(BankDataGenerator.PLANTED_FILE, StandardResolveOptions.RESOLVE_FILE);
      try (OutputStream out = create(key)) {
        StringBuilder tsv = new StringBuilder("transaction_id\treason\n");
        stats.suspiciousPlanted().forEach(p -> tsv.append(p.transactionId()).append('\t').append(p.reason()).append('\n'));
        out.write(tsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      System.out.printf("wrote %s: planted suspicious transactions %s%n", key, stats.suspiciousByReason());
    } else {
      MusicDataGenerator.Config defaults = MusicDataGenerator.Config.defaults();
      MusicDataGenerator.Config config =
          config(
              () ->
                  new MusicDataGenerator.Config(
                      Math.toIntExact(number(options, "tracks", defaults.tracks())),
                      number(options, "listens", defaults.listens()),
                      number(options, "seed", defaults.seed()),
                      rate(options, "defectRate", defaults.defectRate())));
      ResourceId tracks = dir.resolve("Music_Info.csv", StandardResolveOptions.RESOLVE_FILE);
      MusicDataGenerator.Stats trackStats;
      try (OutputStream out = create(tracks)) {
        trackStats = MusicDataGenerator.writeTracks(out, config);
      }
      report(tracks, trackStats.dataLines(), trackStats.defectsPlanted(), start);
      ResourceId listens = dir.resolve("User_Listening_History.csv", StandardResolveOptions.RESOLVE_FILE);
      MusicDataGenerator.Stats listenStats;
      try (OutputStream out = create(listens)) {
        listenStats = MusicDataGenerator.writeListens(out, config);
      }
      report(listens, listenStats.dataLines(), listenStats.defectsPlanted(), start);
    }
    return 0;
  }

  private static OutputStream create(ResourceId file) throws IOException {
    return new BufferedOutputStream(Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT)), 1 << 20);
  }

  private static void report(ResourceId file, long lines, Map<String, Long> planted, long startNanos) {
    System.out.printf(
        "wrote %s: %,d data lines in %.1f s; planted: %s%n", file, lines, (System.nanoTime() - startNanos) / 1e9, planted);
  }

  /** The generators validate their config; their complaint is the user's error message. */
  private static <C> C config(java.util.function.Supplier<C> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UserError("invalid generator option: " + e.getMessage() + "\n\n" + USAGE);
    }
  }

  private static long number(List<String> options, String name, long fallback) {
    String value = RunnerProfiles.valueOf(options, name);
    try {
      long parsed = value == null ? fallback : Long.parseLong(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UserError("--" + name + " must be a non-negative whole number, got '" + value + "'");
    }
  }

  private static double rate(List<String> options, String name, double fallback) {
    String value = RunnerProfiles.valueOf(options, name);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new UserError("--" + name + " must be a number, got '" + value + "'");
    }
  }
}
