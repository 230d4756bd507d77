package dev.etl.pipelines.bank;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.query;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.generator.BankDataGenerator;
import dev.etl.pipelines.common.RunReport;
import dev.etl.transforms.segment.SegmentCustomers;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The bank job on generated data with planted suspicious patterns (direct runner), read back with
 * DuckDB: every planted case is found with its reason, and nothing else is: for each rule the hits
 * equal what an independent SQL formulation of the rule (default thresholds) selects from the
 * written transactions. Rules that normal generated rows never break (burst, implausible age) find
 * exactly the planted cases. The customer segments agree with the bounds in the summary.
 */
public class BankFraudEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path out;
  static RunReport report;
  static BankDataGenerator.Stats planted;

  @BeforeClass
  public static void runJob() throws Exception {
    Path input = TMP.newFile("bank_transactions.csv").toPath();
    try (OutputStream csv = Files.newOutputStream(input)) {
      planted = BankDataGenerator.write(csv, new BankDataGenerator.Config(2_000, 7, 0.002, 0.004));
    }
    out = TMP.newFolder("out").toPath();
    report =
        BankPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--input=" + input, "--output=" + out, "--runner=DirectRunner", "--buckets=4")
                .as(BankOptions.class));
  }

  static String hits() {
    return "read_parquet('" + out + "/suspicious_transactions/*.parquet')";
  }

  static String transactions() {
    return "(SELECT *, hour(CAST(transaction_time AS TIME)) * 3600 + minute(CAST(transaction_time AS TIME)) * 60"
        + " + second(CAST(transaction_time AS TIME)) AS second_of_day FROM "
        + BankPipelineEndToEndTest.transactions(out)
        + ")";
  }

  static Set<String> ids(String sql) throws Exception {
    return query(sql).stream()
        .map(r -> (String) r.values().iterator().next())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> found(String reason) throws Exception {
    return ids("SELECT transaction_id FROM " + hits() + " WHERE reason = '" + reason + "'");
  }

  static Set<String> planted(String reason) {
    return planted.suspiciousPlanted().stream()
        .filter(p -> p.reason().equals(reason))
        .map(BankDataGenerator.Planted::transactionId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  public void everyPlantedCaseIsFoundWithItsReason() throws Exception {
    assertTrue(report.reconciled());
    for (String reason : BankDataGenerator.SUSPICIOUS_PATTERNS) {
      Set<String> expected = planted(reason);
      assertTrue(
          reason + ": too few planted to test (" + expected.size() + ")", expected.size() >= 3);
      Set<String> missed = new TreeSet<>(expected);
      missed.removeAll(found(reason));
      assertEquals(reason + " planted but not found", Set.of(), missed);
    }
  }

  @Test
  public void rulesThatNormalRowsNeverBreakFindExactlyThePlantedCases() throws Exception {
    assertEquals(planted("burst"), found("burst"));
    assertEquals(planted("implausible_age"), found("implausible_age"));
  }

  @Test
  public void amountExceedsBalanceFindsExactlyTheRowsAboveTheirBalance() throws Exception {
    assertEquals(
        ids("SELECT transaction_id FROM " + transactions() + " WHERE amount_inr > account_balance"),
        found("amount_exceeds_balance"));
    assertEquals(
        0L,
        scalar(
            "SELECT count(*) FROM "
                + hits()
                + " h JOIN "
                + transactions()
                + " t USING (transaction_id)"
                + " WHERE h.reason = 'amount_exceeds_balance' AND (h.compared_to <> t.account_balance OR h.observed <> t.amount_inr)"));
  }

  @Test
  public void customerOutlierFindsExactlyAmountsAboveTenTimesTheMedianOfTheOthers()
      throws Exception {
    Set<String> expected =
        ids(
            "SELECT t.transaction_id FROM "
                + transactions()
                + " t JOIN "
                + transactions()
                + " o"
                + " ON o.customer_id = t.customer_id AND o.transaction_id <> t.transaction_id"
                + " GROUP BY t.transaction_id, t.amount_inr"
                + " HAVING count(*) >= 3 AND median(o.amount_inr) > 0 AND t.amount_inr > 10 * median(o.amount_inr)");
    assertEquals(expected, found("customer_outlier"));
  }

  @Test
  public void locationOutlierFindsExactlyRobustZAboveThreePointFive() throws Exception {
    String logs =
        "(SELECT transaction_id, location, ln(1 + amount_inr) AS x FROM "
            + transactions()
            + " WHERE location IS NOT NULL)";
    String medians =
        "(SELECT location, median(x) AS m, count(*) AS n FROM " + logs + " GROUP BY location)";
    String mads =
        "(SELECT location, median(abs(x - m)) AS mad FROM "
            + logs
            + " JOIN "
            + medians
            + " USING (location) GROUP BY location)";
    Set<String> expected =
        ids(
            "SELECT transaction_id FROM "
                + logs
                + " JOIN "
                + medians
                + " USING (location) JOIN "
                + mads
                + " USING (location)"
                + " WHERE n >= 30 AND mad > 0 AND 0.6745 * (x - m) / mad > 3.5");
    assertEquals(expected, found("location_outlier"));
  }

  @Test
  public void burstMatchesAWindowQuery() throws Exception {
    // a transaction is in a burst if some window [s, s + 10 min] of its customer's day holds it and
    // 3 or more
    String t = transactions();
    String windows =
        "(SELECT s.customer_id, s.transaction_date, s.second_of_day AS start, count(*) AS n FROM "
            + t
            + " s JOIN "
            + t
            + " w"
            + " ON w.customer_id = s.customer_id AND w.transaction_date = s.transaction_date"
            + " AND w.second_of_day BETWEEN s.second_of_day AND s.second_of_day + 600"
            + " GROUP BY s.customer_id, s.transaction_date, s.second_of_day, s.transaction_id)";
    Set<String> expected =
        ids(
            "SELECT DISTINCT x.transaction_id FROM "
                + t
                + " x JOIN "
                + windows
                + " b"
                + " ON b.customer_id = x.customer_id AND b.transaction_date = x.transaction_date"
                + " AND x.second_of_day BETWEEN b.start AND b.start + 600 WHERE b.n >= 3");
    assertEquals(expected, found("burst"));
  }

  @Test
  public void summaryCountsHitsPerRuleAsWritten() throws Exception {
    JsonNode summary = new ObjectMapper().readTree(out.resolve("_SUMMARY.json").toFile());
    JsonNode byReason = summary.get("suspicious_by_reason");
    assertEquals(BankDataGenerator.SUSPICIOUS_PATTERNS, iterableNames(byReason));
    for (String reason : BankDataGenerator.SUSPICIOUS_PATTERNS) {
      assertEquals(reason, (long) found(reason).size(), byReason.get(reason).asLong());
    }
    assertEquals(scalar("SELECT count(*) FROM " + hits()), summary.get("suspicious_rows").asLong());
    assertEquals(
        0L, scalar("SELECT count(*) - count(DISTINCT (transaction_id, reason)) FROM " + hits()));
  }

  @Test
  public void segmentsFollowTheBoundsInTheSummary() throws Exception {
    JsonNode summary = new ObjectMapper().readTree(out.resolve("_SUMMARY.json").toFile());
    JsonNode bounds = summary.get("rfm_boundaries");
    String segments = "read_parquet('" + out + "/customer_segments/*.parquet')";
    String customers = "read_parquet('" + out + "/customers/*.parquet')";
    assertEquals(
        summary.get("customers").asLong(),
        scalar("SELECT count(DISTINCT customer_id) FROM " + segments));
    // recency from the customers table and the reference date
    assertEquals(
        0L,
        scalar(
            "SELECT count(*) FROM "
                + segments
                + " s JOIN "
                + customers
                + " c USING (customer_id) WHERE s.recency_days <> "
                + "date_diff('day', c.last_transaction_date, DATE '"
                + summary.get("rfm_reference_date").asText()
                + "')"
                + " OR s.frequency <> c.transaction_count OR abs(s.monetary - c.total_amount_inr) > 0.005"));
    String quintile =
        "CASE WHEN %1$s <= %2$s THEN 1 WHEN %1$s <= %3$s THEN 2 WHEN %1$s <= %4$s THEN 3 WHEN %1$s <= %5$s THEN 4 ELSE 5 END";
    String r =
        String.format(quintile, (Object[]) bounds("recency_days", bounds.get("recency_days")));
    String f = String.format(quintile, (Object[]) bounds("frequency", bounds.get("frequency")));
    String m = String.format(quintile, (Object[]) bounds("monetary", bounds.get("monetary")));
    assertEquals(
        0L,
        scalar(
            "SELECT count(*) FROM "
                + segments
                + " WHERE r_score <> 6 - ("
                + r
                + ") OR f_score <> "
                + f
                + " OR m_score <> "
                + m));
    // the score bounds are quintiles: at least 20 % of customers at or below the first monetary
    // bound, at most 80 % up to the fourth
    double share1 =
        ((Number) scalar("SELECT avg(CASE WHEN m_score = 1 THEN 1.0 ELSE 0 END) FROM " + segments))
            .doubleValue();
    double share5 =
        ((Number) scalar("SELECT avg(CASE WHEN m_score = 5 THEN 1.0 ELSE 0 END) FROM " + segments))
            .doubleValue();
    assertTrue("monetary quintile 1 share " + share1, share1 >= 0.2 && share1 < 0.22);
    assertTrue("monetary quintile 5 share " + share5, share5 > 0.18 && share5 <= 0.2);
    for (Map<String, Object> row :
        query("SELECT DISTINCT r_score, f_score, m_score, segment FROM " + segments)) {
      assertEquals(
          row.toString(),
          SegmentCustomers.segmentOf(
              (Integer) row.get("r_score"),
              (Integer) row.get("f_score"),
              (Integer) row.get("m_score")),
          row.get("segment"));
    }
    JsonNode bySegment = summary.get("customers_by_segment");
    assertEquals(SegmentCustomers.SEGMENTS, iterableNames(bySegment));
    for (String segment : SegmentCustomers.SEGMENTS) {
      assertEquals(
          segment,
          bySegment.get(segment).asLong(),
          scalar("SELECT count(*) FROM " + segments + " WHERE segment = '" + segment + "'"));
    }
    assertEquals(
        Set.copyOf(SegmentCustomers.AGE_BANDS),
        ids(
            "SELECT DISTINCT age_band FROM "
                + segments)); // every band occurs in 2,000 generated rows
  }

  private static String[] bounds(String column, JsonNode measure) {
    return new String[] {
      column,
      measure.get("q1_max").asText(),
      measure.get("q2_max").asText(),
      measure.get("q3_max").asText(),
      measure.get("q4_max").asText()
    };
  }

  private static List<String> iterableNames(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
