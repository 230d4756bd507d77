package dev.etl.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.etl.transforms.core.LiveProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** The progress line's content and how often it is printed, with a fake clock. */
public class ProgressReporterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private ProgressReporter reporter(boolean terminal, boolean quiet) {
    return new ProgressReporter(
        "bank",
        "SparkRunner",
        66_000_000,
        terminal,
        quiet ? null : new PrintStream(printed, true, StandardCharsets.UTF_8),
        now::get,
        false);
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  public void theLineSaysWhatRunsHowFarAndForHowLong() {
    ProgressReporter progress = reporter(false, false);
    now.addAndGet(65_000);
    progress.tick(Map.of("bytes_read", 33_000_000L));
    String line = printed().strip();
    assertEquals(
        "progress: bank on SparkRunner 01:05 | reading input | read 33.0 of 66.0 MB (50 %)", line);

    now.addAndGet(10_000);
    progress.tick(Map.of("bytes_read", 66_000_000L, "written:transactions", 1_234_567L));
    String second = printed().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals(
        "progress: bank on SparkRunner 01:15 | reading input, writing transactions | read 66.0 of 66.0 MB (100 %)"
            + " | rows written: transactions 1,234,567",
        second);

    now.addAndGet(10_000);
    progress.tick(Map.of("bytes_read", 66_000_000L, "written:transactions", 1_234_567L));
    assertThat(printed(), containsString("01:25 | grouping and combining |"));
  }

  @Test
  public void aRetriedReadNeverShowsMoreThanTheInput() {
    ProgressReporter progress = reporter(false, false);
    progress.tick(Map.of("bytes_read", 70_000_000L));
    assertThat(printed(), containsString("read 66.0 of 66.0 MB (100 %)"));
  }

  @Test
  public void plainLinesAtMostEveryTenSeconds() {
    ProgressReporter progress = reporter(false, false);
    int lines = 0;
    for (int second = 1; second <= 60; second++) {
      now.addAndGet(1_000);
      if (progress.tick(Map.of("bytes_read", second * 1_000_000L))) {
        lines++;
      }
    }
    assertEquals(6, lines);
    assertEquals(6, printed().lines().count());
    assertFalse("no carriage returns in a log", printed().contains("\r"));
  }

  @Test
  public void aTerminalGetsOneLineUpdatedInPlaceEveryTwoSeconds() {
    ProgressReporter progress = reporter(true, false);
    int updates = 0;
    for (int second = 1; second <= 10; second++) {
      now.addAndGet(1_000);
      if (progress.tick(Map.of("bytes_read", second * 1_000_000L))) {
        updates++;
      }
    }
    assertEquals(5, updates);
    assertEquals(
        "no line breaks while running", 0, printed().chars().filter(c -> c == '\n').count());
    assertThat(printed(), startsWith("\rprogress: "));
    LiveProgress.reset();
    progress.close();
    String[] lines = printed().split("\n");
    assertEquals("close leaves exactly one final line", 1, lines.length);
    assertThat(lines[0], containsString("\r\u001b[Kprogress: bank on SparkRunner 00:10 | done"));
  }

  @Test
  public void theLastLineLeavesOutRowsThatARecomputingRunnerCountedTwice() {
    ProgressReporter progress = reporter(false, false);
    LiveProgress.reset();
    LiveProgress.counter("bytes_read").add(66_000_000L);
    LiveProgress.counter("written:transactions").add(2 * 1_033_846L);
    now.addAndGet(52_000);
    progress.close();
    String last = printed().strip();
    LiveProgress.reset();
    assertEquals("progress: bank on SparkRunner 00:52 | done | read 66.0 of 66.0 MB (100 %)", last);
  }

  @Test
  public void quietPrintsNothing() {
    ProgressReporter progress = reporter(false, true);
    now.addAndGet(60_000);
    assertFalse(progress.tick(Map.of("bytes_read", 1L)));
    progress.close();
    assertEquals("", printed());
  }

  @Test
  public void aTerminalLineIsCutToTheTerminalWidth() {
    assertEquals("short", ProgressReporter.fit("short", 80));
    String cut = ProgressReporter.fit("x".repeat(200), 80);
    assertEquals(79, cut.length());
    assertTrue(cut.endsWith("..."));
  }

  @Test
  public void clockFormat() {
    assertEquals("00:00", ProgressReporter.clock(999));
    assertEquals("02:05", ProgressReporter.clock(125_000));
    assertEquals("1:00:01", ProgressReporter.clock(3_601_000));
  }

  @Test
  public void liveCountersAddUpAcrossCounterInstancesAndReset() {
    LiveProgress.reset();
    LiveProgress.counter("test:rows").add(2);
    LiveProgress.counter("test:rows").add(3);
    assertEquals(Long.valueOf(5), LiveProgress.snapshot().get("test:rows"));
    LiveProgress.reset();
    assertThat(LiveProgress.snapshot().keySet().toString(), not(containsString("test:rows")));
    assertTrue(LiveProgress.snapshot().isEmpty());
  }
}
