package dev.etl.pipelines.launch;

import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.s3.S3Setup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Picks the runner when the user names none. The direct runner is the development runner but cannot
 * take full-size data (after a GroupByKey every key is its own bundle: ~1,300 keys/s), so inputs
 * above {@value #DIRECT_MAX_MB} MB go to an embedded Spark, which does 1M rows in well under a
 * minute.
 */
public final class RunnerChoice {
  public static final int DIRECT_MAX_MB = 1;
  static final String DIRECT_RUNNER_CLASS = "org.apache.beam.runners.direct.DirectRunner";
  static final String SPARK_RUNNER_CLASS = "org.apache.beam.runners.spark.SparkRunner";
  static final String FLINK_RUNNER_CLASS = "org.apache.beam.runners.flink.FlinkRunner";

  private RunnerChoice() {}

  /**
   * The arguments with a --runner (chosen if absent) and that runner's profile defaults applied.
   */
  public static List<String> resolve(List<String> args, List<String> inputPatterns)
      throws IOException {
    List<String> withRunner = new ArrayList<>(args);
    String runner = RunnerProfiles.valueOf(args, "runner");
    if (runner == null) {
      long bytes = totalBytes(args, inputPatterns);
      boolean large = bytes > DIRECT_MAX_MB * 1024L * 1024L;
      runner = defaultRunner(large);
      System.err.printf(
          "runner: %s (input %.1f MB; without --runner, inputs up to %d MB use the DirectRunner, larger ones SparkRunner, "
              + "where built in)%n",
          runner, bytes / 1048576.0, DIRECT_MAX_MB);
      withRunner.add("--runner=" + runner);
    }
    return RunnerProfiles.apply(runner, withRunner);
  }

  /**
   * Small inputs: the direct runner; large ones: Spark. A bundled jar holds one runner only (e.g.
   * {@code -P spark-runner}), so fall back to whichever is built in.
   */
  static String defaultRunner(boolean large) {
    List<String> preference =
        large
            ? List.of(SPARK_RUNNER_CLASS, FLINK_RUNNER_CLASS, DIRECT_RUNNER_CLASS)
            : List.of(DIRECT_RUNNER_CLASS, SPARK_RUNNER_CLASS, FLINK_RUNNER_CLASS);
    for (String runnerClass : preference) {
      if (onClasspath(runnerClass)) {
        return runnerClass.substring(runnerClass.lastIndexOf('.') + 1);
      }
    }
    throw new UserError(
        "no Beam runner is built in: build with -P direct-runner, spark-runner or flink-runner");
  }

  static long totalBytes(List<String> args, List<String> patterns) throws IOException {
    // the job's own S3 options (endpoint, credentials), so that s3:// inputs can be measured
    S3Setup.preflight(S3Setup.configure(args), patterns);
    long total = 0;
    for (String pattern : patterns) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new UserError("no input file matches " + pattern);
      }
      for (MatchResult.Metadata file : match.metadata()) {
        total += file.sizeBytes();
      }
    }
    return total;
  }

  /** Lists the options of the runners on the classpath, with the runner choice rule. */
  @SuppressWarnings("unchecked")
  public static void printRunnerHelp(java.io.PrintStream out) {
    out.printf(
        "%nRunner: without --runner, inputs up to %d MB run on the DirectRunner, larger ones on an embedded%n"
            + "SparkRunner; --runner=FlinkRunner runs on an embedded Flink. Each runner's defaults are in%n"
            + "runner-profiles/<runner>.properties.%n%n",
        DIRECT_MAX_MB);
    for (String options :
        List.of(
            "org.apache.beam.runners.direct.DirectOptions",
            "org.apache.beam.runners.spark.SparkPipelineOptions",
            "org.apache.beam.runners.flink.FlinkPipelineOptions")) {
      try {
        Class<?> type = Class.forName(options, false, RunnerChoice.class.getClassLoader());
        PipelineOptionsFactory.printHelp(
            out, (Class<? extends org.apache.beam.sdk.options.PipelineOptions>) type);
      } catch (ClassNotFoundException e) {
        // runner not built in: nothing to list
      }
    }
  }

  public static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, RunnerChoice.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
