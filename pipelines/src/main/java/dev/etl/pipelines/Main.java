package dev.etl.pipelines;

import dev.etl.pipelines.bank.BankCommand;
import dev.etl.pipelines.catalog.CatalogCommand;
import dev.etl.pipelines.catalog.QueryCommand;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.launch.RunnerChoice;
import dev.etl.pipelines.music.MusicCommand;
import dev.etl.pipelines.report.ReportCommand;
import dev.etl.pipelines.s3.LocalS3Command;
import dev.etl.pipelines.s3.S3Errors;
import dev.etl.pipelines.stream.BankStreamCommand;
import dev.etl.pipelines.stream.LocalKafkaCommand;
import dev.etl.pipelines.stream.ReplayCommand;
import dev.etl.transforms.csv.CsvHeaderException;
import java.io.FileNotFoundException;
import java.util.Arrays;
import java.util.List;

/**
 * The front door behind {@code ./etl}: dispatches a command and turns failures into one clear
 * message.
 */
public final class Main {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl <command> [--option=value ...]",
          "",
          "Commands:",
          "  bank        Clean bank_transactions.csv into partitioned Parquet, customers, dead letters and",
          "              a reconciled _SUMMARY.json:  ./etl bank --input=PATH --output=DIR [Beam options]",
          "  music       Clean Music_Info.csv and User_Listening_History.csv into the catalog, merged and",
          "              enriched listens, top lists, per-user top tracks and listener segments:",
          "              ./etl music --input=DIR --output=DIR [Beam options]",
          "  generate    Write synthetic input data with the real files' shape and quirks:",
          "              ./etl generate bank|music --output=DIR [...]  (./etl generate --help)",
          "  catalog     Athena DDL, Glue tables and Trino DDL for a job's output, from the writers' schemas:",
          "              ./etl catalog --job=bank|music --location=DIR_OR_S3_PREFIX --output=DIR [--database=NAME]",
          "  query       A SQL query (or a file of queries/) on DuckDB over the jobs' output, with the catalog's",
          "              names: ./etl query --bank=DIR --music=DIR (--file=F.sql | --sql=\"...\") [--format=csv]",
          "  report      An EDA and data-quality report (one self-contained HTML page with charts, plus FILE.json)",
          "              on the jobs' published output: ./etl report --bank=DIR --music=DIR --output=FILE.html",
          "  local-s3    A local S3-compatible server (S3Proxy) for trying s3:// inputs and outputs:",
          "              ./etl local-s3 --dir=DIR [--port=9000]  (every folder under DIR is a bucket)",
          "  bank-stream The bank rules in real time on a Kafka topic (Flink by default): alerts and dead letters",
          "              as JSON on topics, optional Parquet:  ./etl bank-stream --bootstrapServers=HOST:PORT [...]",
          "  replay      Send a bank CSV to a Kafka topic in event-time order:",
          "              ./etl replay bank --input=PATH --bootstrapServers=HOST:PORT [--topic=transactions] [--speed=N|max]",
          "  local-kafka A local Kafka 4 broker (KRaft) for bank-stream and replay:  ./etl local-kafka --dir=DIR [--port=9092]",
          "",
          "Runners: --runner=DirectRunner | SparkRunner [--sparkMaster=local[2]] | FlinkRunner [--flinkMaster=[local]].",
          "Without --runner, inputs up to "
              + RunnerChoice.DIRECT_MAX_MB
              + " MB run on the direct runner and larger ones on an embedded Spark",
          "(local[2]); defaults per runner are in runner-profiles/. './etl <command> --help' lists every",
          "option with its default.");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args)));
  }

  /**
   * Runs a command and returns the process exit code (0 ok, 2 user error, 3 not reconciled, 1
   * other).
   */
  public static int run(List<String> args) {
    if (args.isEmpty() || List.of("--help", "-h", "help").contains(args.get(0))) {
      System.out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    try {
      switch (command) {
        case "bank":
          return BankCommand.run(rest);
        case "music":
          return MusicCommand.run(rest);
        case "generate":
          // the generator module is a development tool, not in this jar: ./etl runs it directly
          throw new UserError(
              "generate is not part of this jar: run ./etl generate from a checkout of the project");
        case "catalog":
          return CatalogCommand.run(rest);
        case "query":
          return QueryCommand.run(rest);
        case "local-s3":
          return LocalS3Command.run(rest);
        case "local-kafka":
          return LocalKafkaCommand.run(rest);
        case "replay":
          return ReplayCommand.run(rest);
        case "bank-stream":
          return BankStreamCommand.run(rest);
        case "report":
          return ReportCommand.run(rest);
        default:
          System.err.println("error: unknown command '" + command + "'\n\n" + USAGE);
          return 2;
      }
    } catch (Throwable t) {
      return explainFailure(t);
    }
  }

  /**
   * Prints what went wrong in one sentence (the stack trace only with ETL_DEBUG=1) and returns the
   * exit code: 2 for what the user can fix, 1 for anything else.
   */
  public static int explainFailure(Throwable failure) {
    if (outOfFileDescriptors(failure)) {
      System.err.println(
          "error: the JVM ran out of file descriptors (\"Too many open files\", the limit is "
              + openFileLimit()
              + "): raise it, e.g. ulimit -n 4096, and run again (for a job, fewer --numShards"
              + " also means fewer open files)");
      return 2;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ArithmeticException && String.valueOf(t.getMessage()).contains("overflow")) {
        System.err.println(
            "error: a total went beyond the BIGINT maximum 9223372036854775807 (e.g. the plays of"
                + " one track over playcounts near it), so nothing was published: a wrapped-around"
                + " sum would be a wrong row");
        return 2;
      }
    }
    Throwable userError = userError(failure);
    if (userError != null) {
      System.err.println("error: " + S3Errors.redact(userError.getMessage()));
      return 2;
    }
    // S3 failures during a run (endpoint, bucket, credentials, permissions) are the user's to fix
    // too
    String s3 = S3Errors.explain(failure);
    if (s3 != null) {
      System.err.println(
          "error: "
              + s3
              + (System.getenv("ETL_DEBUG") == null
                  ? ""
                  : "\n" + S3Errors.redact(stackTrace(failure))));
      return 2;
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    System.err.println(
        "error: the job failed: "
            + root.getClass().getSimpleName()
            + ": "
            + S3Errors.redact(root.getMessage())
            + (System.getenv("ETL_DEBUG") == null
                ? "\n(run with ETL_DEBUG=1 to see the stack trace)"
                : ""));
    if (System.getenv("ETL_DEBUG") != null) {
      System.err.println(S3Errors.redact(stackTrace(failure)));
    }
    return 1;
  }

  private static String stackTrace(Throwable failure) {
    java.io.StringWriter text = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  private static boolean outOfFileDescriptors(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("Too many open files")) {
        return true;
      }
    }
    return false;
  }

  private static String openFileLimit() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? String.valueOf(unix.getMaxFileDescriptorCount())
        : "unknown";
  }

  /** A user-fixable problem anywhere in the cause chain (runners wrap what the steps threw). */
  private static Throwable userError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UserError
          || t instanceof CsvHeaderException
          || t instanceof FileNotFoundException) {
        return t;
      }
      if (t instanceof IllegalArgumentException
          && t.getStackTrace().length > 0
          && t.getStackTrace()[0].getClassName().startsWith("org.apache.beam.sdk.options")) {
        return t; // unknown or missing option
      }
    }
    return null;
  }
}
