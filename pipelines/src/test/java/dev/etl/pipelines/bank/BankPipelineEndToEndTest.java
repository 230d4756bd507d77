package dev.etl.pipelines.bank;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.Main;
import dev.etl.pipelines.common.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the bank job on the known-answer fixture (direct runner) and reads what it wrote back with
 * DuckDB, an engine that shares no code with the writer.
 */
public class BankPipelineEndToEndTest {
  static final Path FIXTURE =
      Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path out;
  static RunReport report;

  @BeforeClass
  public static void runJob() throws Exception {
    out = TMP.newFolder("out").toPath();
    report = runBank(FIXTURE.toString(), out);
  }

  static RunReport runBank(String input, Path output) throws Exception {
    BankOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + input, "--output=" + output, "--runner=DirectRunner", "--numShards=1")
            .as(BankOptions.class);
    return BankPipeline.run(options);
  }

  public static List<Map<String, Object>> query(String sql) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  public static Object scalar(String sql) throws Exception {
    return query(sql).get(0).values().iterator().next();
  }

  /**
   * Two DuckDB scans hold the same multiset of rows; a failure shows up to 5 rows found only on one
   * side.
   */
  public static void assertSameRows(
      String label, String expected, String expectedName, String actual, String actualName)
      throws Exception {
    assertEquals(
        label
            + ": only "
            + expectedName
            + ": "
            + query(
                "SELECT * FROM " + expected + " EXCEPT ALL SELECT * FROM " + actual + " LIMIT 5"),
        0L,
        scalar(
            "SELECT count(*) FROM (SELECT * FROM "
                + expected
                + " EXCEPT ALL SELECT * FROM "
                + actual
                + ")"));
    assertEquals(
        label
            + ": only "
            + actualName
            + ": "
            + query(
                "SELECT * FROM " + actual + " EXCEPT ALL SELECT * FROM " + expected + " LIMIT 5"),
        0L,
        scalar(
            "SELECT count(*) FROM (SELECT * FROM "
                + actual
                + " EXCEPT ALL SELECT * FROM "
                + expected
                + ")"));
  }

  static String transactions(Path output) {
    return "read_parquet('" + output + "/transactions/*/*.parquet', hive_partitioning = true)";
  }

  @Test
  public void summaryReconcilesWithKnownAnswers() throws Exception {
    JsonNode summary = new ObjectMapper().readTree(out.resolve("_SUMMARY.json").toFile());
    assertEquals(20, summary.get("rows_read").asLong());
    assertEquals(11, summary.get("rows_clean").asLong());
    assertEquals(1, summary.get("duplicates_removed").asLong());
    assertEquals(8, summary.get("rows_rejected").asLong());
    assertEquals(2, summary.get("dob_unknown").asLong());
    assertEquals(10, summary.get("customers").asLong());
    // read back from the Parquet footers by the job itself
    assertEquals(11, summary.get("rows_written").asLong());
    assertEquals(10, summary.get("customers_written").asLong());
    assertEquals(10, summary.get("customer_segments_written").asLong());
    assertEquals(4, summary.get("suspicious_written").asLong());
    // the five balances, and the lines recorded for the input file in _STATE/inputs.json
    assertEquals(6, report.checks().size());
    assertEquals("rows_read 20 = lines recorded for the new files 20  OK", report.checks().get(5));
    assertEquals("full", summary.get("mode").asText());
    assertEquals(1, summary.get("input_files_new").asInt());
    assertEquals(1, summary.get("input_files_recorded").asInt());
    assertEquals(11, summary.get("transactions_published").asLong());
    assertEquals(10, summary.get("customers_published").asLong());
    assertEquals("DirectRunner", summary.get("runner").asText());
    assertTrue(summary.get("wall_time_seconds").asDouble() > 0);
    assertTrue(summary.get("reconciled").asBoolean());
    JsonNode reasons = summary.get("rejected_by_reason");
    for (String reason :
        List.of(
            "conflicting_duplicate",
            "bad_transaction_date",
            "bad_transaction_time",
            "bad_amount",
            "wrong_column_count",
            "missing_customer_id",
            "missing_transaction_id",
            "malformed_csv")) {
      assertEquals(reason, 1, reasons.get(reason).asLong());
    }
    assertEquals(8, reasons.size());
    assertTrue(report.reconciled());
  }

  @Test
  public void customerSegmentsHaveTheContractColumnsAndOneRowPerCustomer() throws Exception {
    String s = "read_parquet('" + out + "/customer_segments/*.parquet')";
    Map<String, String> columnTypes = new LinkedHashMap<>();
    query("DESCRIBE SELECT * FROM " + s)
        .forEach(
            r -> columnTypes.put((String) r.get("column_name"), (String) r.get("column_type")));
    assertEquals(
        List.of(
            "customer_id",
            "recency_days",
            "frequency",
            "monetary",
            "r_score",
            "f_score",
            "m_score",
            "segment",
            "age_band",
            "gender",
            "location",
            "balance_band"),
        new ArrayList<>(columnTypes.keySet()));
    assertEquals(10L, scalar("SELECT count(DISTINCT customer_id) FROM " + s));
    assertEquals(10L, scalar("SELECT count(*) FROM " + s));
    // C1001: two transactions (Aug 2 and 5), 125 INR, last seen 2 days before the last date (Aug
    // 7), born 1994
    assertEquals(
        List.of(
            Map.of(
                "recency_days",
                2,
                "frequency",
                2L,
                "monetary",
                125.0,
                "age_band",
                "<25",
                "balance_band",
                "10k-100k")),
        query(
                "SELECT recency_days, frequency, monetary, age_band, balance_band FROM "
                    + s
                    + " WHERE customer_id = 'C1001'")
            .stream()
            .map(Map::copyOf)
            .toList());
    // the only customer with two transactions is above every frequency bound (all 1): f_score 5,
    // the rest 1
    assertEquals(
        List.of(Map.of("customer_id", "C1001")),
        query("SELECT customer_id FROM " + s + " WHERE f_score = 5"));
    assertEquals(
        "unknown",
        scalar("SELECT age_band FROM " + s + " WHERE customer_id = 'C1006'")); // 1/1/1800
    JsonNode summary = new ObjectMapper().readTree(out.resolve("_SUMMARY.json").toFile());
    assertEquals("2016-08-07", summary.get("rfm_reference_date").asText());
    assertEquals(1, summary.get("rfm_boundaries").get("frequency").get("q4_max").asLong());
    long segmented = 0;
    for (JsonNode count : summary.get("customers_by_segment")) {
      segmented += count.asLong();
    }
    assertEquals(10, segmented);
    assertEquals(
        summary.get("customers_by_segment").get("new").asLong(),
        scalar("SELECT count(*) FROM " + s + " WHERE segment = 'new'"));
  }

  @Test
  public void suspiciousTransactionsOfTheFixture() throws Exception {
    String s = "read_parquet('" + out + "/suspicious_transactions/*.parquet')";
    // T2 27999 > 2270.69, T16 and T17 300 > 42.5; T17 born 2016-01-01 is 0 at the transaction,
    // T16 born 1916-09-05 is 99 (not over 100)
    assertEquals(
        List.of(
            "T16 amount_exceeds_balance 300.0 42.5",
            "T17 amount_exceeds_balance 300.0 42.5",
            "T17 implausible_age 0.0 10.0",
            "T2 amount_exceeds_balance 27999.0 2270.69"),
        query("SELECT transaction_id, reason, observed, compared_to FROM " + s + " ORDER BY 1, 2")
            .stream()
            .map(
                r ->
                    r.get("transaction_id")
                        + " "
                        + r.get("reason")
                        + " "
                        + r.get("observed")
                        + " "
                        + r.get("compared_to"))
            .toList());
    assertEquals(
        List.of(
            Map.of(
                "customer_id",
                "C1002",
                "transaction_date",
                "2016-08-02",
                "transaction_time",
                "14:18:58",
                "amount_inr",
                27999.0)),
        query(
                "SELECT customer_id, CAST(transaction_date AS VARCHAR) AS transaction_date, transaction_time, amount_inr FROM "
                    + s
                    + " WHERE transaction_id = 'T2'")
            .stream()
            .map(Map::copyOf)
            .toList());
    JsonNode hits =
        new ObjectMapper()
            .readTree(out.resolve("_SUMMARY.json").toFile())
            .get("suspicious_by_reason");
    assertEquals(3, hits.get("amount_exceeds_balance").asLong());
    assertEquals(1, hits.get("implausible_age").asLong());
    assertEquals(0, hits.get("burst").asLong());
    assertEquals(5, hits.size());
  }

  @Test
  public void transactionsArePartitionedByDateWithTypedColumns() throws Exception {
    String t = transactions(out);
    assertEquals(11L, scalar("SELECT count(*) FROM " + t));
    List<Map<String, Object>> types = query("DESCRIBE SELECT * FROM " + t);
    Map<String, String> columnTypes = new LinkedHashMap<>();
    types.forEach(
        r -> columnTypes.put((String) r.get("column_name"), (String) r.get("column_type")));
    assertEquals(
        List.of(
            "transaction_id",
            "customer_id",
            "customer_dob",
            "gender",
            "location",
            "account_balance",
            "transaction_time",
            "amount_inr",
            "transaction_date"),
        new ArrayList<>(columnTypes.keySet()));
    assertEquals("DATE", columnTypes.get("customer_dob"));
    assertEquals("DATE", columnTypes.get("transaction_date"));
    assertEquals("VARCHAR", columnTypes.get("transaction_time"));
    assertEquals("DOUBLE", columnTypes.get("amount_inr"));
    assertEquals("DOUBLE", columnTypes.get("account_balance"));

    try (Stream<Path> dirs = Files.list(out.resolve("transactions"))) {
      assertEquals(
          List.of(
              "transaction_date=2016-08-02",
              "transaction_date=2016-08-03",
              "transaction_date=2016-08-05",
              "transaction_date=2016-08-06",
              "transaction_date=2016-08-07"),
          dirs.map(p -> p.getFileName().toString()).sorted().toList());
    }
    // No birth date after its transaction, none in the 2060s, placeholders gone.
    assertEquals(
        0L, scalar("SELECT count(*) FROM " + t + " WHERE customer_dob > transaction_date"));
    assertEquals("1916-09-05", scalar("SELECT CAST(min(customer_dob) AS VARCHAR) FROM " + t));
    assertEquals(
        "1968-07-25",
        scalar("SELECT CAST(customer_dob AS VARCHAR) FROM " + t + " WHERE transaction_id = 'T9'"));
    assertEquals(
        "2016-01-01",
        scalar("SELECT CAST(customer_dob AS VARCHAR) FROM " + t + " WHERE transaction_id = 'T17'"));
    assertEquals(2L, scalar("SELECT count(*) FROM " + t + " WHERE customer_dob IS NULL"));
    // Leading zeros restored; quoted location with a comma intact; the kept T2 is the first one.
    assertEquals(
        "00:12:34", scalar("SELECT transaction_time FROM " + t + " WHERE transaction_id = 'T6'"));
    assertEquals(
        "00:00:05", scalar("SELECT transaction_time FROM " + t + " WHERE transaction_id = 'T7'"));
    assertEquals(
        "NAVI MUMBAI, MAHARASHTRA",
        scalar("SELECT location FROM " + t + " WHERE transaction_id = 'T5'"));
    assertEquals(27999.0, scalar("SELECT amount_inr FROM " + t + " WHERE transaction_id = 'T2'"));
    assertEquals(null, scalar("SELECT account_balance FROM " + t + " WHERE transaction_id = 'T8'"));
    assertEquals(null, scalar("SELECT gender FROM " + t + " WHERE transaction_id = 'T9'"));
  }

  @Test
  public void customersHaveOneRowEachWithLatestAttributes() throws Exception {
    String c = "read_parquet('" + out + "/customers/*.parquet')";
    assertEquals(10L, scalar("SELECT count(*) FROM " + c));
    assertEquals(10L, scalar("SELECT count(DISTINCT customer_id) FROM " + transactions(out)));
    Map<String, Object> c1001 =
        query(
                "SELECT CAST(customer_dob AS VARCHAR) dob, account_balance, transaction_count, total_amount_inr,"
                    + " CAST(first_transaction_date AS VARCHAR) first_date, CAST(last_transaction_date AS VARCHAR) last_date, age"
                    + " FROM "
                    + c
                    + " WHERE customer_id = 'C1001'")
            .get(0);
    assertEquals("1994-01-10", c1001.get("dob"));
    assertEquals(17000.0, c1001.get("account_balance"));
    assertEquals(2L, c1001.get("transaction_count"));
    assertEquals(125.0, c1001.get("total_amount_inr"));
    assertEquals("2016-08-02", c1001.get("first_date"));
    assertEquals("2016-08-05", c1001.get("last_date"));
    assertEquals(22, c1001.get("age"));
    assertEquals(99, scalar("SELECT age FROM " + c + " WHERE customer_id = 'C1011'"));
    assertEquals(null, scalar("SELECT age FROM " + c + " WHERE customer_id = 'C1006'"));
  }

  @Test
  public void deadLettersKeepTheirSourceLineAndReason() throws Exception {
    String r = "read_json_auto('" + out + "/rejected/*.jsonl')";
    assertEquals(8L, scalar("SELECT count(*) FROM " + r));
    assertEquals(
        "T2,C1002,4/4/57,M,JHAJJAR,2270.69,2/8/16,141858,99999",
        scalar("SELECT raw FROM " + r + " WHERE reason = 'conflicting_duplicate'"));
    String file = (String) scalar("SELECT DISTINCT file FROM " + r);
    assertThat(file, containsString("bank_transactions.csv"));
    // The position is the byte offset of the line in the file.
    long position = (Long) scalar("SELECT position FROM " + r + " WHERE reason = 'bad_amount'");
    byte[] bytes = Files.readAllBytes(FIXTURE);
    String fromOffset =
        new String(bytes, (int) position, bytes.length - (int) position, StandardCharsets.UTF_8);
    assertEquals(
        "T12,C1009,1/1/90,M,PUNE,100,6/8/16,120000,abc",
        fromOffset.substring(0, fromOffset.indexOf('\r')));
  }

  @Test
  public void rerunReplacesThePreviousResult() throws Exception {
    Path output = TMP.newFolder("rerun").toPath();
    runBank(FIXTURE.toString(), output);
    // Second run: only the August 2nd lines, so four of the five date partitions must disappear.
    Path smaller = TMP.newFile("smaller.csv").toPath();
    List<String> lines = Files.readAllLines(FIXTURE);
    List<String> keep = new ArrayList<>(List.of(lines.get(0)));
    lines.stream()
        .skip(1)
        .filter(l -> l.endsWith(",2/8/16,143207,25") || l.contains(",2/8/16,14"))
        .forEach(keep::add);
    Files.write(smaller, keep);
    RunReport second = runBank(smaller.toString(), output);
    assertTrue(second.reconciled());
    try (Stream<Path> dirs = Files.list(output.resolve("transactions"))) {
      assertEquals(
          List.of("transaction_date=2016-08-02"),
          dirs.map(p -> p.getFileName().toString()).toList());
    }
    try (Stream<Path> entries = Files.list(output)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of(
              "_STATE",
              "_SUMMARY.json",
              "customer_segments",
              "customers",
              "location_stats",
              "rejected",
              "suspicious_transactions",
              "transactions"),
          names);
    }
    assertEquals(3L, scalar("SELECT count(*) FROM " + transactions(output)));
  }

  @Test
  public void relativeOutputPathLandsWhereItSays() throws Exception {
    Path relative = Path.of("target", "relative-out-" + System.nanoTime());
    try {
      runBank(FIXTURE.toString(), relative);
      runBank(FIXTURE.toString(), relative); // the rerun must replace, not scatter
      try (Stream<Path> entries = Files.list(relative)) {
        assertEquals(
            List.of(
                "_STATE",
                "_SUMMARY.json",
                "customer_segments",
                "customers",
                "location_stats",
                "rejected",
                "suspicious_transactions",
                "transactions"),
            entries.map(p -> p.getFileName().toString()).sorted().toList());
      }
      assertEquals(11L, scalar("SELECT count(*) FROM " + transactions(relative.toAbsolutePath())));
      try (Stream<Path> siblings = Files.list(relative.getParent())) {
        String prefix = relative.getFileName().toString();
        assertEquals(
            1, siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).count());
      }
    } finally {
      try (Stream<Path> walk = Files.walk(relative)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  public void wrongHeaderIsOneClearErrorAndLeavesNoOutput() throws Exception {
    File bad = TMP.newFile("music.csv");
    Files.writeString(bad.toPath(), "track_id,user_id,playcount\nTR1,U1,3\n");
    Path output = TMP.getRoot().toPath().resolve("bad-out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of("bank", "--input=" + bad, "--output=" + output, "--runner=DirectRunner"));
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code);
    assertThat(message, containsString("expected columns [TransactionID, CustomerID"));
    assertThat(message, containsString("found [track_id, user_id, playcount]"));
    assertFalse(message.contains("\tat "));
    assertFalse(Files.exists(output.resolve("transactions")));
  }

  @Test
  public void badFraudThresholdIsOneClearErrorAndLeavesNoOutput() throws Exception {
    Path output = TMP.getRoot().toPath().resolve("bad-threshold-out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of(
                  "bank",
                  "--input=" + FIXTURE,
                  "--output=" + output,
                  "--runner=DirectRunner",
                  "--burstCount=1"));
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code);
    assertThat(
        message, containsString("error: --burstCount must be a whole number at least 2, got 1"));
    assertFalse(message.contains("\tat "));
    assertFalse(Files.exists(output.resolve("suspicious_transactions")));
  }

  @Test
  public void missingInputIsOneClearError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of("bank", "--input=/nonexistent/bank.csv", "--output=" + TMP.getRoot() + "/x"));
    } finally {
      System.setErr(original);
    }
    assertEquals(2, code);
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString("no input file matches /nonexistent/bank.csv"));
  }
}
