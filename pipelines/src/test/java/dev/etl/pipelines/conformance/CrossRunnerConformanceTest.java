package dev.etl.pipelines.conformance;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.assertSameRows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.EngineTest;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.music.MusicOptions;
import dev.etl.pipelines.music.MusicPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The portability promise: each job, on the same input, writes the same tables (as row sets), the
 * same dead letters and the same summary on the direct runner (the reference), the embedded Spark
 * runners (RDD-based and Dataset-based) and the embedded Flink runner. Every runner starts from its
 * shipped profile (runner-profiles/), with a different bucket count each, since results must not
 * depend on it. Tables are found by listing the output folder, so a new output is compared without
 * being named here.
 */
@Category(EngineTest.class)
@RunWith(Parameterized.class)
public class CrossRunnerConformanceTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  /** Summary entries that describe the run rather than its result. */
  static final Set<String> RUN_SPECIFIC =
      Set.of("run_id", "runner", "output", "started_at", "wall_time_seconds");

  static final Path BANK_FIXTURE = repoPath("src/fixtures/bank/bank_transactions.csv");
  static final Path BANK_SAMPLE = repoPath("src/sample/bank/bank_transactions.csv");
  static final Path MUSIC_FIXTURE = repoPath("src/fixtures/music");
  static final Path MUSIC_SAMPLE = repoPath("src/sample/music");

  /**
   * Direct-runner reference outputs, one per job and input, shared by the runners compared with it.
   */
  private static final Map<String, Run> REFERENCE = new HashMap<>();

  /** A different bucket count per runner: results must not depend on it. */
  private static final Map<String, Integer> BUCKETS =
      Map.of("SparkRunner", 7, "SparkStructuredStreamingRunner", 6, "FlinkRunner", 5);

  record Run(Path output, RunReport report) {}

  @Parameters(name = "{0} {1} on {2}")
  public static List<Object[]> cases() {
    List<Object[]> cases = new ArrayList<>();
    for (String runner : List.of("SparkRunner", "SparkStructuredStreamingRunner", "FlinkRunner")) {
      cases.add(new Object[] {"bank", BANK_FIXTURE, runner});
      cases.add(new Object[] {"bank", BANK_SAMPLE, runner});
      cases.add(new Object[] {"music", MUSIC_FIXTURE, runner});
      cases.add(new Object[] {"music", MUSIC_SAMPLE, runner});
    }
    return cases;
  }

  private final String job;
  private final Path input;
  private final String runner;

  public CrossRunnerConformanceTest(String job, Path input, String runner) {
    this.job = job;
    this.input = input;
    this.runner = runner;
  }

  @Test
  public void writesWhatTheDirectRunnerWrites() throws Exception {
    Run reference = reference(job, input);
    Run other = run(job, input, runner, BUCKETS.get(runner));
    assertTrue(
        runner + " did not reconcile: " + other.report().imbalances(), other.report().reconciled());
    assertEquals(runner, other.report().summary().get("runner"));

    assertEquals("summary", resultFigures(reference.report()), resultFigures(other.report()));
    Set<String> tables = tables(reference.output());
    assertEquals("output folders", tables, tables(other.output()));
    assertTrue("tables found: " + tables, tables.contains("rejected") && tables.size() >= 3);
    for (String table : tables) {
      sameRows(table, reference.output(), other.output());
    }
  }

  private static synchronized Run reference(String job, Path input) throws Exception {
    String key = job + " " + input;
    Run run = REFERENCE.get(key);
    if (run == null) {
      run = run(job, input, "DirectRunner", 4);
      assertTrue(
          "direct runner did not reconcile: " + run.report().imbalances(),
          run.report().reconciled());
      REFERENCE.put(key, run);
    }
    return run;
  }

  private static Run run(String job, Path input, String runner, int buckets) throws Exception {
    Path output = TMP.newFolder().toPath();
    List<String> jobArgs =
        new ArrayList<>(
            List.of(
                "--runner=" + runner,
                "--input=" + input,
                "--output=" + output,
                "--buckets=" + buckets));
    if (job.equals("music")) {
      jobArgs.add("--snapshotDate=2026-11-27"); // the same snapshot partition on every runner
    }
    List<String> args = RunnerProfiles.apply(runner, jobArgs);
    String[] argv = args.toArray(String[]::new);
    RunReport report =
        job.equals("bank")
            ? BankPipeline.run(PipelineOptionsFactory.fromArgs(argv).as(BankOptions.class))
            : MusicPipeline.run(PipelineOptionsFactory.fromArgs(argv).as(MusicOptions.class));
    return new Run(output, report);
  }

  static Map<String, Object> resultFigures(RunReport report) {
    Map<String, Object> figures = new TreeMap<>(report.summary());
    figures.keySet().removeAll(RUN_SPECIFIC);
    return figures;
  }

  /** The result folders of an output directory (names starting with '_' are not results). */
  static Set<String> tables(Path output) throws IOException {
    try (Stream<Path> entries = Files.list(output)) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("_"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * A table as DuckDB reads it: Parquet (Hive partitions as columns) or the JSON-lines dead
   * letters.
   */
  static String scan(Path output, String table) throws IOException {
    Path dir = output.resolve(table);
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> names =
          files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
      if (names.stream().anyMatch(n -> n.endsWith(".parquet"))) {
        return "read_parquet('"
            + dir
            + "/**/*.parquet', hive_partitioning = true, union_by_name = true)";
      }
      if (names.stream().anyMatch(n -> n.endsWith(".jsonl"))) {
        return "read_json_auto('" + dir + "/*.jsonl')";
      }
      throw new AssertionError(table + " holds neither Parquet nor JSON lines: " + names);
    }
  }

  private void sameRows(String table, Path reference, Path other) throws Exception {
    assertSameRows(
        table, scan(reference, table), "on the direct runner", scan(other, table), "on " + runner);
  }

  private static Path repoPath(String relative) {
    return Path.of("..").resolve(relative).toAbsolutePath().normalize();
  }
}
