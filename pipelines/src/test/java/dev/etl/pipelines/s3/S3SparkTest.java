package dev.etl.pipelines.s3;

import static dev.etl.pipelines.s3.S3TestSupport.etl;
import static dev.etl.pipelines.s3.S3TestSupport.sameRows;
import static dev.etl.pipelines.s3.S3TestSupport.summaryWithoutPaths;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The embedded Spark runner (./etl's runner for full-size data) reading and writing S3: the bank
 * job's tables, dead letters and figures must equal a local direct-runner run of the same fixture.
 * On Spark the file system is set up again from the serialized options in every task, so this
 * proves the S3 options (endpoint, credentials, our client factory) travel to the workers.
 */
public class S3SparkTest {
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
    Path local = TMP.newFolder("local").toPath();
    assertEquals(0, etl("bank", "--input=" + S3PipelineTest.BANK, "--output=" + local, "--runner=DirectRunner").exitCode());
    List<String> args =
        new ArrayList<>(List.of("bank", "--input=s3://raw/bank/" + S3PipelineTest.BANK_CSV, "--output=s3://processed/bank",
            "--runner=SparkRunner", "--sparkMaster=local[2]", "--buckets=3"));
    args.addAll(server.jobOptions());
    S3TestSupport.Run spark = etl(args.toArray(String[]::new));
    assertEquals(spark.err(), 0, spark.exitCode());
    assertThat(spark.all(), not(containsString(LocalS3.SECRET_KEY)));

    Path s3Out = store.resolve("processed/bank");
    Map<String, Object> expected = summaryWithoutPaths(local);
    Map<String, Object> actual = summaryWithoutPaths(s3Out);
    assertEquals("DirectRunner", expected.remove("runner"));
    assertEquals("SparkRunner", actual.remove("runner"));
    assertEquals(expected, actual);
    sameRows("read_parquet('%s/transactions/*/*.parquet', hive_partitioning = true)", local, s3Out);
    sameRows("read_parquet('%s/customers/*.parquet')", local, s3Out);
    sameRows("read_parquet('%s/customer_segments/*.parquet')", local, s3Out);
    sameRows("read_parquet('%s/suspicious_transactions/*.parquet')", local, s3Out);
    sameRows(S3PipelineTest.DEAD_LETTERS, local, s3Out);
    assertEquals(dev.etl.pipelines.bank.BankPipeline.RESULTS.stream().sorted().toList(), S3PipelineTest.list(s3Out));
  }
}
