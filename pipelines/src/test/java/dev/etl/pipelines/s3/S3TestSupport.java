package dev.etl.pipelines.s3;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.assertSameRows;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * A local S3 (S3Proxy child process) for tests, and running ./etl commands with their output
 * captured.
 */
final class S3TestSupport {
  /** Summary fields that name paths or the run; everything else must match a local run. */
  static final List<String> RUN_FIELDS =
      List.of(
          "input",
          "output",
          "tracks_input",
          "listens_input",
          "run_id",
          "started_at",
          "wall_time_seconds");

  private S3TestSupport() {}

  /**
   * Starts S3Proxy on a free loopback port serving {@code dir} (each folder a bucket), its log
   * beside it.
   */
  static LocalS3 startServer(Path dir) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return LocalS3.start(
            dir, freePort(), dir.resolveSibling(dir.getFileName() + "-s3proxy.log"));
      } catch (IOException e) {
        last = e; // the port was taken between probing and binding
      }
    }
    throw last;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** What a command printed and returned. {@code logs} holds every log line at INFO and above. */
  record Run(int exitCode, String out, String err, String logs, double seconds) {
    String all() {
      return out + err + logs;
    }
  }

  /** Runs {@code ./etl args...} in this JVM, capturing stdout, stderr and the log at INFO level. */
  static Run etl(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StringWriter logs = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    WriterAppender capture =
        WriterAppender.newBuilder()
            .setName("capture-" + System.nanoTime())
            .setTarget(logs)
            .setLayout(
                PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build())
            .build();
    capture.start();
    Map<LoggerConfig, Level> levels = new java.util.HashMap<>();
    List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
    loggers.add(config.getRootLogger());
    for (LoggerConfig logger : loggers) {
      levels.put(logger, logger.getLevel());
      if (logger.getLevel().isMoreSpecificThan(Level.INFO)) {
        logger.setLevel(Level.INFO);
      }
    }
    config.getRootLogger().addAppender(capture, Level.INFO, null);
    context.updateLoggers();
    long start = System.nanoTime();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.run(Arrays.asList(args));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      config.getRootLogger().removeAppender(capture.getName());
      levels.forEach(LoggerConfig::setLevel);
      context.updateLoggers();
      capture.stop();
    }
    Run run =
        new Run(
            code,
            out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8),
            logs.toString(),
            (System.nanoTime() - start) / 1e9);
    oldErr.println(
        "etl "
            + String.join(" ", Arrays.asList(args)).replace(LocalS3.SECRET_KEY, "***")
            + " -> exit "
            + code
            + " in "
            + String.format("%.1f s", run.seconds())
            + "\n"
            + run.err());
    return run;
  }

  /** _SUMMARY.json without the fields that name paths or the run. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> summaryWithoutPaths(Path output) throws IOException {
    Map<String, Object> summary =
        new TreeMap<>(
            new ObjectMapper().readValue(output.resolve("_SUMMARY.json").toFile(), Map.class));
    RUN_FIELDS.forEach(summary::remove);
    return summary;
  }

  /**
   * Both read expressions (with %s for the output folder) give the same multiset of rows, and some.
   */
  static void sameRows(String table, Path expected, Path actual) throws Exception {
    String b = String.format(table, actual);
    assertSameRows(table, String.format(table, expected), "in the local run", b, "in the S3 run");
    assertTrue(table, (Long) scalar("SELECT count(*) FROM " + b) > 0);
  }

  /**
   * Every file under a folder, relative, with its content: to prove a failed run changed nothing.
   */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(file).toString(),
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  static void copy(Path from, Path toDir) throws IOException {
    Files.createDirectories(toDir);
    Files.copy(from, toDir.resolve(from.getFileName()));
  }
}
