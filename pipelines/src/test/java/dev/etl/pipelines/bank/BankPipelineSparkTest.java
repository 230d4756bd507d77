package dev.etl.pipelines.bank;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.FIXTURE;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.common.RunReport;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The runner ./etl uses for full-size data: the embedded Spark runner must produce exactly the
 * tables, dead letters and counts of the direct runner on the same fixture.
 */
public class BankPipelineSparkTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  @Test
  public void sparkAndDirectRunnersWriteTheSameResult() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    Path direct = TMP.newFolder("direct").toPath();
    Path spark = TMP.newFolder("spark").toPath();
    RunReport directReport = BankPipelineEndToEndTest.runBank(FIXTURE.toString(), direct);
    BankOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + FIXTURE,
                "--output=" + spark,
                "--runner=SparkRunner",
                "--sparkMaster=local[2]",
                "--buckets=3")
            .as(BankOptions.class);
    RunReport sparkReport = BankPipeline.run(options);

    assertTrue(sparkReport.reconciled());
    assertEquals("SparkRunner", sparkReport.summary().get("runner"));
    for (String figure :
        List.of("rows_read", "rows_clean", "duplicates_removed", "rows_rejected", "rejected_by_reason", "dob_unknown", "customers",
            "rfm_reference_date", "rfm_boundaries", "customers_by_segment", "suspicious_by_reason")) {
      assertEquals(figure, directReport.summary().get(figure), sparkReport.summary().get(figure));
    }
    for (String table :
        List.of(
            "read_parquet('%s/transactions/*/*.parquet', hive_partitioning = true)",
            "read_parquet('%s/customers/*.parquet')",
            "read_parquet('%s/customer_segments/*.parquet')",
            "read_parquet('%s/suspicious_transactions/*.parquet')",
            "read_json_auto('%s/rejected/*.jsonl')")) {
      String a = String.format(table, direct);
      String b = String.format(table, spark);
      assertEquals(
          table + ": only on the direct runner: " + BankPipelineEndToEndTest.query("SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b)
              + "; only on Spark: " + BankPipelineEndToEndTest.query("SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a),
          0L,
          scalar("SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + ")"));
      assertEquals(table, 0L, scalar("SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + ")"));
      assertTrue(table, (Long) scalar("SELECT count(*) FROM " + b) > 0);
    }
  }

  /**
   * Segments and fraud hits on generated data with every planted pattern (the fixture has only two
   * rules' hits and one customer with history): the same rows on both runners.
   */
  @Test
  public void segmentsAndSuspiciousTransactionsAreTheSameOnSparkAndDirect() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    Path input = TMP.newFile("planted.csv").toPath();
    try (java.io.OutputStream csv = java.nio.file.Files.newOutputStream(input)) {
      dev.etl.pipelines.generate.BankDataGenerator.write(csv, new dev.etl.pipelines.generate.BankDataGenerator.Config(1_500, 11, 0.002, 0.004));
    }
    Path direct = TMP.newFolder("planted-direct").toPath();
    Path spark = TMP.newFolder("planted-spark").toPath();
    RunReport directReport =
        BankPipeline.run(
            PipelineOptionsFactory.fromArgs("--input=" + input, "--output=" + direct, "--runner=DirectRunner", "--buckets=3")
                .as(BankOptions.class));
    RunReport sparkReport =
        BankPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--input=" + input, "--output=" + spark, "--runner=SparkRunner", "--sparkMaster=local[2]", "--buckets=3")
                .as(BankOptions.class));
    assertTrue(sparkReport.reconciled());
    for (String figure : List.of("customers", "rfm_reference_date", "rfm_boundaries", "customers_by_segment", "suspicious_by_reason")) {
      assertEquals(figure, directReport.summary().get(figure), sparkReport.summary().get(figure));
    }
    for (String table : List.of("read_parquet('%s/customer_segments/*.parquet')", "read_parquet('%s/suspicious_transactions/*.parquet')")) {
      String a = String.format(table, direct);
      String b = String.format(table, spark);
      assertEquals(table, 0L, scalar("SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + ")"));
      assertEquals(table, 0L, scalar("SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + ")"));
    }
    // every rule has hits here, so the comparison covers all five
    assertEquals(
        5L, scalar("SELECT count(DISTINCT reason) FROM read_parquet('" + spark + "/suspicious_transactions/*.parquet')"));
  }
}
