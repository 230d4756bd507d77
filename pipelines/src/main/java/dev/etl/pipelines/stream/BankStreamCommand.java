package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.Counts;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.launch.OptionNames;
import dev.etl.pipelines.launch.RunnerChoice;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code ./etl bank-stream --bootstrapServers=HOST:PORT [...]}: the bank rules on a Kafka topic, on
 * Flink by default.
 */
public final class BankStreamCommand {
  private BankStreamCommand() {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(
          "Usage: ./etl bank-stream --bootstrapServers=HOST:PORT [--inputTopic=transactions] [--alertsTopic=suspicious]\n"
              + "       [--rejectedTopic=rejected] [--output=DIR_OR_S3] [--stopAfterIdle=30s] [--runner=FlinkRunner|DirectRunner]\n"
              + "       [--checkpointLocation=DIR] [--groupId=bank-stream] [--startFrom=earliest|latest|committed]\n"
              + "       [--locationStats=BANK_OUTPUT] [options]\n");
      PipelineOptionsFactory.printHelp(System.out, BankStreamOptions.class);
      RunnerChoice.printRunnerHelp(System.out);
      return 0;
    }
    OptionNames.check(args, BankStreamOptions.class);
    if (RunnerProfiles.valueOf(args, "bootstrapServers") == null) {
      throw new UserError(
          "bank-stream needs --bootstrapServers=HOST:PORT (./etl local-kafka prints it; see ./etl bank-stream --help)");
    }
    Counts counts = BankStreamPipeline.run(options(args));
    if (!StreamCounts.reconciled(counts)) {
      System.err.println(
          "error: the counters do not reconcile: read "
              + counts.count(StreamCounts.LINES_READ)
              + " lines, but clean + duplicates + rejected = "
              + (counts.count(StreamCounts.CLEAN)
                  + counts.count(StreamCounts.DUPLICATES)
                  + counts.total(StreamCounts.REJECTED)));
      return 3;
    }
    return 0;
  }

  /**
   * The options of a run: the runner with its profile's defaults, and Flink's checkpointing when
   * {@code --checkpointLocation} is given (checked before anything starts).
   */
  static BankStreamOptions options(List<String> args) throws java.io.IOException {
    return PipelineOptionsFactory.fromArgs(
            Checkpoints.withCheckpointing(withRunner(args)).toArray(String[]::new))
        .withValidation()
        .as(BankStreamOptions.class);
  }

  /** The runner (Flink's embedded mini cluster unless named) with its profile's defaults. */
  static List<String> withRunner(List<String> args) throws java.io.IOException {
    List<String> all = new ArrayList<>(args);
    String runner = RunnerProfiles.valueOf(args, "runner");
    if (runner == null) {
      runner =
          RunnerChoice.onClasspath("org.apache.beam.runners.flink.FlinkRunner")
              ? "FlinkRunner"
              : "DirectRunner";
      all.add("--runner=" + runner);
    }
    if (runner.endsWith("SparkRunner") || runner.endsWith("SparkStructuredStreamingRunner")) {
      throw new UserError(
          "bank-stream does not run on Spark: Beam 2.62's Spark runner rejects the timers that dedup, burst and the "
              + "state expiry need in streaming. Use --runner=FlinkRunner (the default) or DirectRunner.");
    }
    List<String> resolved = RunnerProfiles.apply(runner, all);
    // the batch profiles' key buckets mean nothing to a stream (it keeps state per key)
    resolved.removeIf(a -> a.startsWith("--buckets=") && !RunnerProfiles.given(args, "buckets"));
    return resolved;
  }
}
