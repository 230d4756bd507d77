package dev.etl.pipelines.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server that runs as a child process on a loopback port ({@code ./etl local-s3}, {@code ./etl
 * local-kafka}): started, awaited until it listens, stopped with the JVM (SIGTERM, then forcibly
 * after a grace period).
 */
public final class ChildServer implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 60_000;

  private final String name;
  private final Process process;
  private final int port;
  private final Duration stopGrace;

  private ChildServer(String name, Process process, int port, Duration stopGrace) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.stopGrace = stopGrace;
  }

  /**
   * Starts {@code builder}'s process and waits until it accepts connections on {@code port}. {@code
   * name} names it in messages; {@code log} is where its output goes (null: the console).
   */
  public static ChildServer start(
      String name, ProcessBuilder builder, int port, Duration stopGrace, Path log)
      throws IOException {
    ChildServer server = new ChildServer(name, builder.start(), port, stopGrace);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.awaitListening(log);
    return server;
  }

  private void awaitListening(Path log) throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!portTaken(port)) {
      if (!process.isAlive()) {
        throw new IOException(
            name
                + " exited with code "
                + process.exitValue()
                + " before it listened on port "
                + port
                + (log == null ? "" : "; see " + log));
      }
      if (System.currentTimeMillis() > deadline) {
        close();
        throw new IOException(
            name + " did not listen on port " + port + " within " + START_TIMEOUT_MS / 1000 + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IOException("interrupted while " + name + " was starting", e);
      }
    }
  }

  public int port() {
    return port;
  }

  /** Blocks until the server process ends. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** SIGTERM (a controlled shutdown), forcibly after the grace period. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public static boolean portTaken(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The java binary of this JVM, for starting a child JVM. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
