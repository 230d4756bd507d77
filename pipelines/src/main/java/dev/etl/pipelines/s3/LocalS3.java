package dev.etl.pipelines.s3;

import dev.etl.pipelines.common.ChildServer;
import dev.etl.pipelines.common.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A local S3-compatible server: S3Proxy (Maven Central {@code org.gaul:s3proxy}) with its
 * filesystem store, so every folder under {@code dir} is a bucket and every file below it an
 * object. It runs as a child JVM from the self-contained jar that the build copies to {@code
 * target/s3proxy/}: S3Proxy's Jetty and jclouds would clash with Beam's and Spark's libraries on
 * one classpath. Listens on 127.0.0.1 only, with fixed development credentials ({@link
 * #ACCESS_KEY}, {@link #SECRET_KEY}).
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "local-s3-access-key";
  public static final String SECRET_KEY = "local-s3-secret-key";
  public static final String REGION = "us-east-1";

  private final ChildServer server;

  private LocalS3(ChildServer server) {
    this.server = server;
  }

  /**
   * Starts the server and waits until it accepts connections. {@code log} receives its output
   * (null: inherit this process's console).
   */
  public static LocalS3 start(Path dir, int port, Path log) throws IOException {
    Path jar = jar();
    Files.createDirectories(dir);
    if (ChildServer.portTaken(port)) {
      throw new UserError(
          "port " + port + " on 127.0.0.1 is already in use; choose another with --port=N");
    }
    Properties config = new Properties();
    config.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    config.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    config.setProperty("s3proxy.identity", ACCESS_KEY);
    config.setProperty("s3proxy.credential", SECRET_KEY);
    config.setProperty("jclouds.provider", "filesystem");
    config.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    Path configFile = Files.createTempFile("s3proxy-", ".properties");
    configFile.toFile().deleteOnExit();
    try (OutputStream out = Files.newOutputStream(configFile)) {
      config.store(out, "written by ./etl local-s3");
    }
    List<String> command = new ArrayList<>();
    command.add(ChildServer.javaBinary());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // logback's start-up status dump says nothing useful
            "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"));
    command.addAll(List.of("-jar", jar.toString(), "--properties", configFile.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LOG_LEVEL", log == null ? "warn" : "info");
    if (log == null) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    }
    return new LocalS3(ChildServer.start("S3Proxy", builder, port, Duration.ofSeconds(10), log));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  /** The options that point a job at this server. */
  public List<String> jobOptions() {
    return List.of(
        "--endpoint=" + endpoint(),
        "--awsRegion=" + REGION,
        "--awsCredentialsProvider=" + credentialsJson());
  }

  public static String credentialsJson() {
    return "{\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
        + ACCESS_KEY
        + "\",\"secretAccessKey\":\""
        + SECRET_KEY
        + "\"}";
  }

  /** Blocks until the server process ends. */
  public int waitFor() throws InterruptedException {
    return server.waitFor();
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * target/s3proxy/s3proxy.jar beside our classes (target/classes) or our jar
   * (target/pipelines-*.jar).
   */
  static Path jar() {
    String override = System.getProperty("etl.s3proxy.jar");
    if (override != null) {
      return Path.of(override);
    }
    try {
      Path code =
          Path.of(LocalS3.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = code.getParent().resolve("s3proxy").resolve("s3proxy.jar");
      if (!Files.isRegularFile(jar)) {
        throw new UserError(
            "S3Proxy's jar is missing at "
                + jar
                + ": build the project (./etl builds it on first use, "
                + "or mvn -B package -DskipTests)");
      }
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
