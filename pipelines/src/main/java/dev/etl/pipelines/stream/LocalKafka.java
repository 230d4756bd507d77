package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.ChildServer;
import dev.etl.pipelines.common.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A local single-node Kafka broker (Apache Kafka 4, KRaft: broker and controller in one process),
 * run as a child JVM from the classpath the {@code kafka-broker} module resolves: Kafka 4 is Scala
 * 2.13, our Spark Scala 2.12, so they never share a classpath. Storage under {@code dir} is
 * formatted on first start and kept across restarts. Listens on 127.0.0.1 only.
 *
 * <p>Time-based retention is off ({@code log.retention.ms=-1}): replays carry 2016 event times as
 * record timestamps, which a default 7-day retention would delete at the next check.
 */
public final class LocalKafka implements AutoCloseable {
  private final ChildServer server;

  private LocalKafka(ChildServer server) {
    this.server = server;
  }

  /**
   * Starts the broker on {@code port} (0: a free one) and waits until it accepts connections;
   * {@code log} null: inherit the console.
   */
  public static LocalKafka start(Path dir, int port, Path log) throws IOException {
    String classpath = brokerClasspath();
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    int brokerPort = port == 0 ? ChildServer.freePort() : port;
    if (ChildServer.portTaken(brokerPort)) {
      throw new UserError(
          "port " + brokerPort + " on 127.0.0.1 is already in use; choose another with --port=N");
    }
    int controllerPort = controllerPort(root);
    Path config = root.resolve("server.properties");
    writeConfig(config, root.resolve("data"), brokerPort, controllerPort);
    Path log4j = root.resolve("log4j2.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "rootLogger.level=" + (log == null ? "warn" : "info"),
            "rootLogger.appenderRef.console.ref=console",
            "appender.console.type=Console",
            "appender.console.name=console",
            "appender.console.layout.type=PatternLayout",
            "appender.console.layout.pattern=kafka: %d{HH:mm:ss} %-5p %m%n",
            ""),
        StandardCharsets.UTF_8);
    if (!Files.exists(root.resolve("data").resolve("meta.properties"))) {
      // --standalone: this node is the whole controller quorum
      run(
          classpath,
          log4j,
          log,
          List.of(
              "kafka.tools.StorageTool",
              "format",
              "-t",
              uuid(),
              "-c",
              config.toString(),
              "--standalone"));
    }
    ProcessBuilder broker =
        builder(classpath, log4j, log, List.of("kafka.Kafka", config.toString()));
    return new LocalKafka(
        ChildServer.start("the Kafka broker", broker, brokerPort, Duration.ofSeconds(30), log));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  public int waitFor() throws InterruptedException {
    return server.waitFor();
  }

  /**
   * Stops the broker (SIGTERM: a controlled shutdown that flushes its logs), forcibly after 30 s.
   */
  @Override
  public void close() {
    server.close();
  }

  private static void writeConfig(Path file, Path data, int port, int controllerPort)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.setProperty("log.dirs", data.toString());
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "2");
    p.setProperty("log.retention.ms", "-1");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "written by ./etl local-kafka on every start (ports change; the data stays)");
    }
  }

  private static ProcessBuilder builder(
      String classpath, Path log4j, Path log, List<String> mainAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(ChildServer.javaBinary());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlog4j2.configurationFile=" + log4j,
            "-cp",
            classpath));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (log == null) {
      builder.inheritIO();
    } else {
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    return builder;
  }

  private static void run(String classpath, Path log4j, Path log, List<String> mainAndArgs)
      throws IOException {
    Process format = builder(classpath, log4j, log, mainAndArgs).start();
    try {
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IOException(
            "formatting the Kafka storage failed" + (log == null ? "" : "; see " + log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      format.destroyForcibly();
      throw new IOException("interrupted while formatting the Kafka storage", e);
    }
  }

  /**
   * The controller's port is part of the quorum's metadata (formatted with {@code --standalone}),
   * so it is chosen once and kept in DIR/controller.port; the client port may change per start.
   */
  private static int controllerPort(Path root) throws IOException {
    Path file = root.resolve("controller.port");
    if (Files.exists(file)) {
      int port = Integer.parseInt(Files.readString(file).trim());
      if (ChildServer.portTaken(port)) {
        throw new UserError(
            "the Kafka controller port "
                + port
                + " (kept in "
                + file
                + ") is in use: is a broker already running on "
                + root
                + "?");
      }
      return port;
    }
    int port = ChildServer.freePort();
    Files.writeString(file, Integer.toString(port));
    return port;
  }

  /** A cluster id as Kafka writes them: a random UUID in URL-safe base64 without padding. */
  private static String uuid() {
    UUID id = UUID.randomUUID();
    java.nio.ByteBuffer bytes =
        java.nio.ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /**
   * The broker's classpath: kafka-broker/target/kafka-broker.classpath in this source tree (the
   * build writes it; {@code -Detl.kafka.classpath=FILE} overrides).
   */
  static String brokerClasspath() throws IOException {
    Path file;
    String override = System.getProperty("etl.kafka.classpath");
    if (override != null) {
      file = Path.of(override);
    } else {
      try {
        // target/classes or target/pipelines-*.jar -> <root>/kafka-broker/target/
        Path code =
            Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        file =
            code.getParent()
                .getParent()
                .getParent()
                .resolve("kafka-broker")
                .resolve("target")
                .resolve("kafka-broker.classpath");
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new UserError(
          "the Kafka broker's classpath is missing at "
              + file
              + ": build the project from its source tree "
              + "(./etl builds it on first use, or mvn -B package -DskipTests)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
