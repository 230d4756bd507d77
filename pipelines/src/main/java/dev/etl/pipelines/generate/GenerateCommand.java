package dev.etl.pipelines.generate;

import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;

/** {@code ./etl generate bank --output=DIR [--rows=N] [--seed=N] [--defectRate=R]}. */
public final class GenerateCommand {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl generate bank --output=DIR [--rows=N] [--seed=N] [--defectRate=R]",
          "",
          "  --output=DIR       folder to write bank_transactions.csv into (required)",
          "  --rows=N           data lines, defects included (default 1048567, the real file's size)",
          "  --seed=N           random seed; the same seed writes the same bytes (default 42)",
          "  --defectRate=R     share of lines per defect kind: exact and conflicting duplicates, bad",
          "                     amounts, impossible dates and times, short rows, blank customer ids (default 0.002)");

  private GenerateCommand() {}

  public static int run(List<String> args) throws Exception {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (!args.get(0).equals("bank")) {
      throw new UserError("unknown data set '" + args.get(0) + "' (known: bank)\n\n" + USAGE);
    }
    List<String> options = args.subList(1, args.size());
    for (String option : options) {
      String name = option.replaceFirst("^--", "").replaceFirst("=.*", "");
      if (!List.of("output", "rows", "seed", "defectRate").contains(name) || !option.contains("=")) {
        throw new UserError("unknown option '" + option + "'\n\n" + USAGE);
      }
    }
    String output = RunnerProfiles.valueOf(options, "output");
    if (output == null) {
      throw new UserError("generate needs --output=DIR\n\n" + USAGE);
    }
    BankDataGenerator.Config defaults = BankDataGenerator.Config.defaults();
    BankDataGenerator.Config config =
        new BankDataGenerator.Config(
            number(options, "rows", defaults.rows()),
            number(options, "seed", defaults.seed()),
            rate(options, defaults.defectRate()));
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    ResourceId dir = FileSystems.matchNewResource(output, true);
    ResourceId file = dir.resolve("bank_transactions.csv", org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    if (!output.contains("://")) {
      java.nio.file.Files.createDirectories(java.nio.file.Paths.get(output));
    }
    long start = System.nanoTime();
    BankDataGenerator.Stats stats;
    try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT)), 1 << 20)) {
      stats = BankDataGenerator.write(out, config);
    }
    System.out.printf(
        "wrote %s: %,d data lines (seed %d, defect rate %s) in %.1f s; defects planted: %s%n",
        file, stats.dataLines(), config.seed(), config.defectRate(), (System.nanoTime() - start) / 1e9, stats.defectsPlanted());
    return 0;
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

  private static double rate(List<String> options, double fallback) {
    String value = RunnerProfiles.valueOf(options, "defectRate");
    try {
      double parsed = value == null ? fallback : Double.parseDouble(value);
      if (!(parsed >= 0 && parsed <= 1.0 / BankDataGenerator.DEFECT_KINDS.size())) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UserError(
          "--defectRate must be a number between 0 and 1/" + BankDataGenerator.DEFECT_KINDS.size() + ", got '" + value + "'");
    }
  }
}
