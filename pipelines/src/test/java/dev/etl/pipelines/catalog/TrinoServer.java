package dev.etl.pipelines.catalog;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Trino server for tests: the trino-server tar.gz that Maven resolved into ~/.m2 (system
 * property trino.server.archive, set by the pom), unpacked whole under target/ once (its plugins
 * share files through hard links, so tar, not a partial extract), configured with the Hive
 * connector on a file metastore and the local file system rooted at /, started on a free port with
 * a Java 24+ runtime, and always stopped by {@link #close} (and a shutdown hook).
 */
final class TrinoServer implements AutoCloseable {
  static final String VERSION = "476";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private TrinoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(this::stop);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static TrinoServer start(Path work) throws IOException, InterruptedException {
    Path home = unpacked();
    int port = freePort();
    Path etc = Files.createDirectories(work.resolve("etc"));
    Path data = Files.createDirectories(work.resolve("data"));
    Path metastore = Files.createDirectories(work.resolve("metastore"));
    Files.writeString(
        etc.resolve("node.properties"),
        String.join(
            "\n", "node.environment=test", "node.id=catalog-test", "node.data-dir=" + data, ""));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            "query.max-memory=1GB",
            "query.max-memory-per-node=1GB",
            ""));
    Files.writeString(
        etc.resolve("jvm.config"),
        String.join(
            "\n",
            "-server",
            "-Xmx2G",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djdk.attach.allowAttachSelf=true",
            "--enable-native-access=ALL-UNNAMED",
            ""));
    Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\n");
    Files.createDirectories(etc.resolve("catalog"));
    // local:///abs/path in the generated DDL is the absolute path: the local file system is rooted
    // at /
    Files.writeString(
        etc.resolve("catalog/hive.properties"),
        String.join(
            "\n",
            "connector.name=hive",
            "hive.metastore=file",
            "hive.metastore.catalog.dir=local://" + metastore,
            "fs.native-local.enabled=true",
            "local.location=/",
            "hive.partition-projection-enabled=true",
            // as Athena: a projected day with no folder (yet) has no rows, it is not an error
            "hive.ignore-absent-partitions=true",
            ""));
    Path log = work.resolve("trino.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/launcher").toString(),
                "run",
                "--etc-dir=" + etc,
                "--data-dir=" + data)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", javaHome().toString());
    TrinoServer server = new TrinoServer(builder.start(), port, log);
    try {
      server.awaitStarted();
    } catch (IOException | RuntimeException | InterruptedException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:trino://127.0.0.1:" + port + "/hive?user=catalog-test");
  }

  private void awaitStarted() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Trino exited with code " + process.exitValue() + " during start:\n" + logTail());
      }
      try {
        HttpURLConnection info =
            (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/v1/info").openConnection();
        info.setConnectTimeout(1000);
        info.setReadTimeout(2000);
        if (info.getResponseCode() == 200
            && new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .contains("\"starting\":false")
            && schedulesQueries()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "Trino did not start within " + START_TIMEOUT + ":\n" + logTail());
  }

  /**
   * Whether a query runs: "starting":false comes before the coordinator has announced itself as a
   * worker, and a query sent in between fails with "No nodes available to run query".
   */
  private boolean schedulesQueries() {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet active =
            statement.executeQuery(
                "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
      return active.next() && active.getLong(1) > 0;
    } catch (SQLException notYet) {
      return false;
    }
  }

  /**
   * Waits until a query reading a table of a catalog can be scheduled: a catalog joins the node's
   * announcement some seconds after the server reports started, and until the coordinator has seen
   * that announcement such a query fails with "No nodes available to run query".
   */
  void awaitNodesFor(Connection connection, String tableQuery)
      throws SQLException, InterruptedException, IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery(tableQuery)) {
        while (result.next()) {
          // drain: scheduling happens while the rows are fetched
        }
        return;
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).contains("No nodes available")) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Trino had no node for " + tableQuery + " after " + START_TIMEOUT + ":\n" + logTail(),
              e);
        }
      }
      Thread.sleep(500);
    }
  }

  String logTail() throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
  }

  private void stop() {
    // the launcher execs the JVM, but kill any child it may have left too
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The server unpacked under target/trino/ (once; a marker file says the extract completed). */
  private static Path unpacked() throws IOException, InterruptedException {
    String archiveProperty = System.getProperty("trino.server.archive", "");
    Path archive =
        archiveProperty.isBlank() || archiveProperty.startsWith("${")
            ? Path.of(
                System.getProperty("user.home"),
                ".m2/repository/io/trino/trino-server",
                VERSION,
                "trino-server-" + VERSION + ".tar.gz")
            : Path.of(archiveProperty);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "no Trino server archive at "
              + archive
              + ": run the tests through Maven (mvn verify), which fetches it");
    }
    Path target = Path.of("target/trino").toAbsolutePath();
    Path home = target.resolve("trino-server-" + VERSION);
    Path marker = target.resolve(".unpacked-" + VERSION);
    if (!Files.exists(marker)) {
      Files.createDirectories(target);
      Process tar =
          new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", target.toString())
              .inheritIO()
              .start();
      if (tar.waitFor() != 0) {
        throw new IllegalStateException("tar could not unpack " + archive);
      }
      Files.writeString(marker, archive + "\n");
    }
    return home;
  }

  /** A Java 24+ runtime for Trino 476: TRINO_JAVA_HOME, else a JDK 24+ under /usr/lib/jvm. */
  static Path javaHome() throws IOException {
    String configured = System.getenv("TRINO_JAVA_HOME");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
          .filter(jdk -> featureVersion(jdk) >= 24)
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Trino "
                          + VERSION
                          + " needs Java 24 or newer: none under /usr/lib/jvm; set TRINO_JAVA_HOME"));
    }
  }

  private static int featureVersion(Path jdk) {
    try {
      for (String line : Files.readAllLines(jdk.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          return Integer.parseInt(line.replaceAll("[^0-9.]", "").split("\\.")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not a JDK we can read
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
