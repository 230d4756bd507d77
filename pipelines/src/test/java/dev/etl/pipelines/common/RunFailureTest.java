package dev.etl.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A run that fails (a full disk, an Error while building) leaves no staging and no lock; a run
 * stopped by SIGTERM says so in one line, and the next run takes over what it left.
 */
public class RunFailureTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  static final List<String> INPUT =
      List.of(
          Path.of("../src/fixtures/bank/bank_transactions.csv")
              .toAbsolutePath()
              .normalize()
              .toString());

  static EtlOptions options(Path out) {
    return PipelineOptionsFactory.fromArgs("--output=" + out, "--runner=DirectRunner")
        .as(EtlOptions.class);
  }

  static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Writes into its staging, then fails the way a full disk does. */
  static final class DiskFullFn extends DoFn<Integer, Integer> {
    private final String staged;

    DiskFullFn(String staged) {
      this.staged = staged;
    }

    @ProcessElement
    public void process(@Element Integer i) throws IOException {
      Files.createDirectories(Path.of(staged));
      Files.writeString(Path.of(staged, "part-0.parquet"), "half a file");
      throw new IOException("No space left on device");
    }
  }

  @Test
  public void aFailedRunRemovesItsStagingAndLock() throws Exception {
    Path out = tmp.newFolder("out").toPath();
    Files.writeString(out.resolve(RunReport.SUMMARY_FILE), "{\"job\" : \"bank\"}");
    PipelineExecutionException diskFull =
        assertThrows(
            PipelineExecutionException.class,
            () ->
                RunReport.runStaged(
                    options(out),
                    "bank",
                    Map.of(),
                    INPUT,
                    List.of("transactions"),
                    (pipeline, staged) ->
                        pipeline
                            .apply(Create.of(1))
                            .apply(ParDo.of(new DiskFullFn(staged.staged("transactions")))),
                    figures -> {}));
    assertThat(diskFull.getMessage(), containsString("No space left on device"));
    assertEquals(List.of(RunReport.SUMMARY_FILE), entries(out));
    // an Error while the graph is built (before, it escaped the clean-up)
    assertThrows(
        OutOfMemoryError.class,
        () ->
            RunReport.runStaged(
                options(out),
                "bank",
                Map.of(),
                INPUT,
                List.of("transactions"),
                (pipeline, staged) -> {
                  throw new OutOfMemoryError("Java heap space");
                },
                figures -> {}));
    assertEquals(List.of(RunReport.SUMMARY_FILE), entries(out));
  }

  /** The child of the SIGTERM test: a run whose only step waits until it is killed. */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    RunReport.runStaged(
        options(out),
        "bank",
        Map.of(),
        INPUT,
        List.of("transactions"),
        (pipeline, staged) -> pipeline.apply(Create.of(1)).apply(ParDo.of(new WaitFn(args[1]))),
        figures -> {});
  }

  static final class WaitFn extends DoFn<Integer, Integer> {
    private final String started;

    WaitFn(String started) {
      this.started = started;
    }

    @ProcessElement
    public void process(@Element Integer i) throws Exception {
      Files.writeString(Path.of(started), "started");
      Thread.sleep(120_000);
    }
  }

  @Test
  public void sigtermPrintsWhatTheRunLeavesAndTheNextRunTakesItOver() throws Exception {
    Path out = tmp.newFolder("killed").toPath();
    Path started = tmp.getRoot().toPath().resolve("started");
    Path log = tmp.getRoot().toPath().resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RunFailureTest.class.getName(),
                out.toString(),
                started.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    for (int i = 0; i < 1200 && !Files.exists(started) && child.isAlive(); i++) {
      Thread.sleep(100);
    }
    assertTrue("the child's step started", Files.exists(started));
    child.destroy(); // SIGTERM
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(said, containsString("etl: stopped before run "));
    assertThat(said, containsString("nothing of it was published, " + out));
    assertThat(said, containsString("and takes over its lock"));
    // what it leaves: its lock and staging, which the next run takes over and removes
    assertTrue(entries(out).contains(LocalCommit.LOCK_FILE));
    LocalCommit next = new LocalCommit(out, "next");
    next.begin();
    next.release();
    LocalCommit.deleteTree(next.staging());
    assertEquals(List.of(), entries(out));
  }
}
