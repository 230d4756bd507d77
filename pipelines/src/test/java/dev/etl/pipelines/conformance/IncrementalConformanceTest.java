package dev.etl.pipelines.conformance;

import dev.etl.pipelines.EngineTest;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.bank.IncrementalRuns;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.RunnerProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The incremental bank run on the embedded Spark and Flink runners: the sample split into parts
 * (line ranges spanning many dates, an empty part, exact and conflicting re-sent lines, and by date
 * with a part of only rejected lines), one increment per part on the runner, and every table and
 * published total compared with one full run over the same parts on the direct runner.
 */
@Category(EngineTest.class)
@RunWith(Parameterized.class)
public class IncrementalConformanceTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  static final Path SAMPLE =
      Path.of("../src/sample/bank/bank_transactions.csv").toAbsolutePath().normalize();

  @Parameters(name = "{0} {1}")
  public static List<Object[]> cases() {
    List<Object[]> cases = new ArrayList<>();
    for (String runner : List.of("SparkRunner", "FlinkRunner")) {
      cases.add(new Object[] {runner, "by line ranges"});
      cases.add(new Object[] {runner, "by date"});
    }
    return cases;
  }

  private final String runner;
  private final String split;

  public IncrementalConformanceTest(String runner, String split) {
    this.runner = runner;
    this.split = split;
  }

  static IncrementalRuns.BankRun on(String runner, int buckets) {
    return args -> {
      List<String> all = new ArrayList<>(args);
      all.add("--runner=" + runner);
      all.add("--buckets=" + buckets);
      String[] argv = RunnerProfiles.apply(runner, all).toArray(String[]::new);
      RunReport report =
          BankPipeline.run(PipelineOptionsFactory.fromArgs(argv).as(BankOptions.class));
      return report;
    };
  }

  @Test
  public void incrementsOnTheRunnerEqualOneFullRunOnTheDirectRunner() throws Exception {
    Path root = TMP.newFolder().toPath();
    List<List<String>> parts =
        split.equals("by date")
            ? IncrementalRuns.byDate(SAMPLE)
            : IncrementalRuns.byLineRanges(SAMPLE);
    List<Path> files = IncrementalRuns.write(SAMPLE, parts, root.resolve("raw"));
    IncrementalRuns.assertIncrementsEqualFullRun(
        files,
        root.resolve("full"),
        root.resolve("incremental"),
        on("DirectRunner", 4),
        on(runner, runner.equals("FlinkRunner") ? 5 : 7));
  }
}
