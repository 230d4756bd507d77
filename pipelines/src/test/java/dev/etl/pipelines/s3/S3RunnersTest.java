package dev.etl.pipelines.s3;

import static dev.etl.pipelines.s3.S3TestSupport.etl;
import static dev.etl.pipelines.s3.S3TestSupport.sameRows;
import static dev.etl.pipelines.s3.S3TestSupport.summaryWithoutPaths;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import dev.etl.pipelines.EngineTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The embedded Spark runner (./etl's runner for full-size data) and the embedded Flink runner
 * reading and writing S3: the bank job's tables, dead letters and figures must equal a local
 * direct-runner run of the same fixture. Their workers set the file system up again from the
 * serialized options, so this proves the S3 options (endpoint, credentials, our client factory)
 * travel to them.
 */
@Category(EngineTest.class)
public class S3RunnersTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path store;
  static LocalS3 server;

  @BeforeClass
  public static void startServer() throws Exception {
    store = TMP.newFolder("store").toPath();
    S3TestSupport.copy(S3PipelineTest.BANK, store.resolve("raw/bank"));
    Files.createDirectories(store.resolve("processed"));
    server = S3TestSupport.startServer(store);
  }

  @AfterClass
  public static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  public void bankOnSparkWithS3WritesWhatTheLocalDirectRunWrites() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    bankOnS3("SparkRunner", "--sparkMaster=local[2]", "--buckets=3");
  }

  /**
   * The embedded Flink runner too: its task managers set up the S3 file system from the same
   * options.
   */
  @Test
  public void bankOnFlinkWithS3WritesWhatTheLocalDirectRunWrites() throws Exception {
    bankOnS3("FlinkRunner", "--flinkMaster=[local]", "--parallelism=2", "--buckets=5");
  }

  private static void bankOnS3(String runner, String... runnerOptions) throws Exception {
    Path local = TMP.newFolder().toPath();
    assertEquals(
        0,
        etl("bank", "--input=" + S3PipelineTest.BANK, "--output=" + local, "--runner=DirectRunner")
            .exitCode());
    List<String> args =
        new ArrayList<>(
            List.of(
                "bank",
                "--input=s3://raw/bank/" + S3PipelineTest.BANK_CSV,
                "--output=s3://processed/bank-" + runner,
                "--runner=" + runner));
    args.addAll(List.of(runnerOptions));
    args.addAll(server.jobOptions());
    S3TestSupport.Run run = etl(args.toArray(String[]::new));
    assertEquals(run.err(), 0, run.exitCode());
    assertThat(run.all(), not(containsString(LocalS3.SECRET_KEY)));

    Path s3Out = store.resolve("processed/bank-" + runner);
    Map<String, Object> expected = summaryWithoutPaths(local);
    Map<String, Object> actual = summaryWithoutPaths(s3Out);
    assertEquals("DirectRunner", expected.remove("runner"));
    assertEquals(runner, actual.remove("runner"));
    assertEquals(expected, actual);
    sameRows("read_parquet('%s/transactions/*/*.parquet', hive_partitioning = true)", local, s3Out);
    sameRows("read_parquet('%s/customers/*.parquet')", local, s3Out);
    sameRows("read_parquet('%s/customer_segments/*.parquet')", local, s3Out);
    sameRows("read_parquet('%s/suspicious_transactions/*.parquet')", local, s3Out);
    sameRows(S3PipelineTest.DEAD_LETTERS, local, s3Out);
    assertEquals(
        dev.etl.pipelines.bank.BankPipeline.RESULTS.stream().sorted().toList(),
        S3PipelineTest.list(s3Out));
  }
}
