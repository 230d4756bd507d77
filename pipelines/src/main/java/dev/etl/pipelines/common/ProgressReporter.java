package dev.etl.pipelines.common;

import dev.etl.transforms.core.LiveProgress;
import dev.etl.transforms.csv.ReadCsvLines;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Live progress of a running job on stderr: what it is doing, how much of the input it has read,
 * rows handed to each output so far, elapsed time. On a terminal one line that updates in place
 * (every 2 s); otherwise a plain line every 10 s, so that a log is not flooded. Reads {@link
 * LiveProgress}, so it changes nothing in the job or its output.
 */
public final class ProgressReporter implements AutoCloseable {
  static final long TERMINAL_INTERVAL_MS = 2_000;
  static final long LOG_INTERVAL_MS = 10_000;

  private final String job;
  private final String runner;
  private final long inputBytes;
  private final boolean terminal;
  private final PrintStream out;
  private final LongSupplier clock;
  private final long startMs;
  private final ScheduledExecutorService ticker;
  private Map<String, Long> previous = Map.of();
  private String activity = "starting";
  private long lastPrintMs = Long.MIN_VALUE / 2; // the first tick prints
  private boolean printedInPlace;

  ProgressReporter(
      String job,
      String runner,
      long inputBytes,
      boolean terminal,
      PrintStream out,
      LongSupplier clock,
      boolean start) {
    this.job = job;
    this.runner = runner;
    this.inputBytes = inputBytes;
    this.terminal = terminal;
    this.out = out;
    this.clock = clock;
    this.startMs = clock.getAsLong();
    if (start) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "progress");
                thread.setDaemon(true);
                return thread;
              });
      ticker.scheduleAtFixedRate(() -> tick(LiveProgress.snapshot()), 1, 1, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  /** Starts reporting on stderr (nothing when quiet); counters start from zero. */
  public static ProgressReporter start(String job, String runner, long inputBytes, boolean quiet) {
    LiveProgress.reset();
    return new ProgressReporter(
        job,
        runner,
        inputBytes,
        System.console() != null,
        quiet ? null : System.err,
        System::currentTimeMillis,
        !quiet);
  }

  /** One tick: remembers what moved, prints when due. Returns whether it printed. */
  synchronized boolean tick(Map<String, Long> counters) {
    List<String> moved = new ArrayList<>();
    counters.forEach(
        (name, value) -> {
          if (!value.equals(previous.get(name))) {
            moved.add(name);
          }
        });
    if (!moved.isEmpty()) {
      activity = describe(moved);
    } else if (!counters.isEmpty()) {
      activity = "grouping and combining";
    }
    previous = new HashMap<>(counters);
    long now = clock.getAsLong();
    if (out == null || now - lastPrintMs < (terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS)) {
      return false;
    }
    lastPrintMs = now;
    String line = line(now - startMs, counters);
    if (terminal) {
      out.print("\r" + fit(line, terminalWidth()) + "\u001b[K");
      printedInPlace = true;
    } else {
      out.println(line);
    }
    out.flush();
    return true;
  }

  /**
   * "bank on SparkRunner 01:05 | reading input | read 45.2 of 66.0 MB (68 %) | written:
   * transactions 1,033,846"
   */
  String line(long elapsedMs, Map<String, Long> counters) {
    StringBuilder text =
        new StringBuilder("progress: ")
            .append(job)
            .append(" on ")
            .append(runner)
            .append(' ')
            .append(clock(elapsedMs))
            .append(" | ")
            .append(activity);
    long read = counters.getOrDefault(ReadCsvLines.BYTES_READ, 0L);
    if (read > 0 && inputBytes > 0) {
      long shown = Math.min(read, inputBytes); // a retried task reads its range again
      text.append(" | read ")
          .append(megabytes(shown))
          .append(" of ")
          .append(megabytes(inputBytes))
          .append(" MB (")
          .append(shown * 100 / inputBytes)
          .append(" %)");
    }
    StringBuilder written = new StringBuilder();
    counters.forEach(
        (name, value) -> {
          if (name.startsWith("written:") && value > 0) {
            written
                .append(written.length() == 0 ? " | rows written: " : ", ")
                .append(name.substring("written:".length()))
                .append(' ')
                .append(String.format(Locale.US, "%,d", value));
          }
        });
    return text.append(written).toString();
  }

  private static String describe(List<String> moved) {
    List<String> writing = new ArrayList<>();
    for (String name : moved) {
      if (name.startsWith("written:")) {
        writing.add(name.substring("written:".length()));
      }
    }
    if (moved.contains(ReadCsvLines.BYTES_READ)) {
      return writing.isEmpty()
          ? "reading input"
          : "reading input, writing " + String.join(", ", writing);
    }
    return "writing " + String.join(", ", writing);
  }

  /** A line longer than the terminal would wrap, and '\r' would then rewrite only its last row. */
  static String fit(String line, int width) {
    return line.length() < width ? line : line.substring(0, Math.max(0, width - 4)) + "...";
  }

  private static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  static String clock(long ms) {
    long seconds = ms / 1000;
    return seconds >= 3600
        ? String.format(Locale.US, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.US, "%02d:%02d", seconds / 60, seconds % 60);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.US, "%,.1f", bytes / 1e6);
  }

  /**
   * Stops reporting; on a terminal the updating line is cleared so the summary starts on a clean
   * line.
   */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (out != null && printedInPlace) {
      out.print("\r\u001b[K");
      out.flush();
    }
    if (out != null) {
      // the rows handed to the writers include steps a runner computed twice (Spark without a
      // cache): the summary that follows has the published counts
      activity = "done";
      Map<String, Long> readOnly = new TreeMap<>(LiveProgress.snapshot());
      readOnly.keySet().removeIf(name -> name.startsWith("written:"));
      out.println(line(clock.getAsLong() - startMs, readOnly));
      out.flush();
    }
  }
}
