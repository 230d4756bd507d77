package dev.etl.pipelines.report;

import dev.etl.transforms.fraud.Suspicion;
import dev.etl.transforms.segment.SegmentCustomers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bank job's sections: data quality, activity, the birth-date fix, segments and fraud signals.
 */
final class BankReport {
  private BankReport() {}

  static List<Blocks.Section> sections(Db db, PublishedOutput out) throws SQLException {
    String c = out.parquet("customers");
    return List.of(
        quality(db, out),
        activity(db, out),
        ages(db, out, c),
        segments(db, out, out.parquet("customer_segments")),
        suspicious(db, out, out.parquet("suspicious_transactions"), out.figure("rows_clean")));
  }

  private static Blocks.Section quality(Db db, PublishedOutput out) throws SQLException {
    String t = out.parquet("transactions");
    long read = out.figure("rows_read");
    Map<String, Long> rejectedCounted =
        db.counts("SELECT reason AS k, count(*) AS n FROM " + out.deadLetters() + " GROUP BY 1");
    DataQuality.Input input =
        new DataQuality.Input(
            "rows_read",
            "clean",
            "rows_clean",
            t,
            List.of(new DataQuality.Removed("duplicates removed", "duplicates_removed")),
            "rejected_by_reason");
    List<Blocks.Block> blocks = new ArrayList<>();
    blocks.add(
        new Blocks.Figures(
            "bank-quality-figures",
            List.of(
                new Blocks.Figure("bank.rows_read", "lines read", read),
                new Blocks.Figure(
                    "bank.rows_clean", "clean transactions", out.figure("rows_clean")),
                new Blocks.Figure(
                    "bank.duplicates_removed",
                    "duplicates removed",
                    out.figure("duplicates_removed")),
                new Blocks.Figure(
                    "bank.rows_rejected", "lines rejected", out.figure("rows_rejected")),
                new Blocks.Figure(
                    "bank.dob_unknown",
                    "clean rows with unknown birth date",
                    out.figure("dob_unknown")),
                new Blocks.Figure("bank.customers", "customers", out.figure("customers")))));
    blocks.addAll(
        DataQuality.reconciliation(
            "bank-reconciliation",
            "bank lines",
            DataQuality.lines(db, out, input, rejectedCounted, "")));
    blocks.add(
        DataQuality.rejectedReasons(db, "bank-rejected", "bank lines", out.deadLetters(), read));
    for (String table : PublishedOutput.BANK_FOLDERS) {
      blocks.add(DataQuality.columnProfile(db, "bank-columns-" + table, table, out.parquet(table)));
    }
    return new Blocks.Section(
        "bank-quality", "Bank: data quality", DataQuality.provenance(out), blocks);
  }

  private static Blocks.Section activity(Db db, PublishedOutput out) throws SQLException {
    String t = out.parquet("transactions");
    long clean = out.figure("rows_clean");
    List<Map<String, Object>> perDay =
        db.rows(
            "SELECT transaction_date::VARCHAR AS date, count(*) AS transactions FROM "
                + t
                + " GROUP BY 1 ORDER BY 1");
    List<Map<String, Object>> amounts =
        db.rows(
            "SELECT power(10, b / 4.0) AS bin_low, power(10, (b + 1) / 4.0) AS bin_high, n AS count FROM"
                + " (SELECT floor(log10(amount_inr) * 4)::INT AS b, count(*) AS n FROM "
                + t
                + " WHERE amount_inr > 0 GROUP BY 1) ORDER BY b");
    long zeroAmounts = db.count("SELECT count(*) FROM " + t + " WHERE amount_inr = 0");
    Map<String, Object> amountStats =
        db.row(
            "SELECT median(amount_inr) AS median, round(quantile_cont(amount_inr, 0.99), 2) AS p99, max(amount_inr) AS max FROM "
                + t);
    List<Map<String, Object>> locations =
        db.rows(
            "SELECT coalesce(location, '(blank)') AS location, count(*) AS transactions,"
                + " round(100.0 * count(*) / "
                + Math.max(clean, 1)
                + ", 2) AS share_pct FROM "
                + t
                + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10");
    return new Blocks.Section(
        "bank-activity",
        "Bank: transactions",
        null,
        List.of(
            Charts.daily(
                new Charts.Spec(
                    "bank-transactions-per-day",
                    "Transactions per day",
                    "Clean transactions per calendar day over the whole period covered by the data.",
                    "transaction date",
                    "transactions (count)"),
                perDay,
                "date",
                "transactions",
                null,
                false),
            new Blocks.Figures(
                "bank-amount-figures",
                List.of(
                    new Blocks.Figure(
                        "bank.amount_median_inr", "median amount (INR)", amountStats.get("median")),
                    new Blocks.Figure(
                        "bank.amount_p99_inr", "99th percentile (INR)", amountStats.get("p99")),
                    new Blocks.Figure(
                        "bank.amount_max_inr", "largest amount (INR)", amountStats.get("max")),
                    new Blocks.Figure(
                        "bank.amount_zero",
                        "transactions of 0 INR (not on the log axis)",
                        zeroAmounts))),
            Charts.logHistogram(
                new Charts.Spec(
                    "bank-amounts",
                    "Transaction amounts",
                    "How many transactions fall in each quarter-decade of amount: on a log scale the amounts look bell-shaped (log-normal).",
                    "amount (INR, log scale)",
                    "transactions (count)"),
                amounts,
                false),
            Charts.bar(
                new Charts.Spec(
                    "bank-top-locations",
                    "Top 10 locations by transactions",
                    "The ten locations with the most clean transactions, with their share of all transactions.",
                    "location",
                    "transactions (count)"),
                locations,
                "location",
                "transactions",
                true,
                row ->
                    Page.format(row.get("transactions")) + " (" + row.get("share_pct") + " %)")));
  }

  /**
   * Ages at the last transaction from the fixed birth date next to a naive {@code d/m/yy} parse
   * (two-digit years 00–68 as 20yy, 69–99 as 19yy, as strptime's %y does). The naive year comes
   * from the fixed date's last two digits, which are the digits the raw line had.
   */
  private static Blocks.Section ages(Db db, PublishedOutput out, String c) throws SQLException {
    String naive =
        "make_date(CASE WHEN year(customer_dob) % 100 <= 68 THEN 2000 ELSE 1900 END + year(customer_dob) % 100,"
            + " month(customer_dob), day(customer_dob))";
    String ages =
        "(SELECT age AS fixed, date_sub('year', "
            + naive
            + ", last_transaction_date) AS naive, customer_dob,"
            + " "
            + naive
            + " > last_transaction_date AS unborn FROM "
            + c
            + ")";
    List<Map<String, Object>> bands =
        db.rows(
            "WITH a AS "
                + ages
                + ","
                + " f AS (SELECT floor(fixed / 10.0) * 10 AS b, count(*) AS n FROM a WHERE fixed IS NOT NULL GROUP BY 1),"
                + " n AS (SELECT floor(naive / 10.0) * 10 AS b, count(*) AS n FROM a WHERE naive IS NOT NULL GROUP BY 1),"
                + " r AS (SELECT range AS b FROM range((SELECT least(min(b), 0) FROM (SELECT b FROM f UNION ALL SELECT b FROM n))::BIGINT,"
                + " (SELECT max(b) FROM (SELECT b FROM f UNION ALL SELECT b FROM n))::BIGINT + 10, 10))"
                + " SELECT r.b::BIGINT::VARCHAR AS age_band, coalesce(f.n, 0) AS fixed_dob,"
                + " coalesce(n.n, 0) AS naive_parse FROM r LEFT JOIN f ON f.b = r.b LEFT JOIN n ON n.b = r.b ORDER BY r.b");
    Map<String, Object> totals =
        db.row(
            "SELECT count(*) AS customers, count(customer_dob) AS known,"
                + " count(*) FILTER (WHERE unborn) AS unborn, min(fixed) AS youngest, max(fixed) AS oldest FROM "
                + ages);
    long customers = ((Number) totals.get("customers")).longValue();
    long known = ((Number) totals.get("known")).longValue();
    return new Blocks.Section(
        "bank-ages",
        "Bank: customer ages and the two-digit-year problem",
        "Birth dates come as d/m/yy. A naive parse (years 00–68 as 2000–2068) puts many customers' births after their"
            + " transactions; the job takes the latest century that does not, and treats 1/1/1800, blanks and impossible"
            + " dates as unknown (no dead letter: the transaction itself is fine). The naive column re-applies the naive rule to"
            + " the last two digits of each fixed birth year, the digits the raw line had.",
        List.of(
            new Blocks.Figures(
                "bank-age-figures",
                List.of(
                    new Blocks.Figure(
                        "bank.customers_dob_known", "customers with a known birth date", known),
                    new Blocks.Figure(
                        "bank.customers_dob_unknown",
                        "customers with an unknown birth date",
                        customers - known),
                    new Blocks.Figure(
                        "bank.dob_unknown",
                        "clean transactions with an unknown birth date (_SUMMARY.json)",
                        out.figure("dob_unknown")),
                    new Blocks.Figure(
                        "bank.naive_born_after_transaction",
                        "customers a naive parse has born after their last transaction (the job moved them back a century)",
                        totals.get("unborn")),
                    new Blocks.Figure(
                        "bank.age_min_max",
                        "youngest / oldest (years, fixed)",
                        totals.get("youngest") + " / " + totals.get("oldest")))),
            Charts.groupedBar(
                new Charts.Spec(
                    "bank-ages-chart",
                    "Customer age at the last transaction: fixed vs naive birth dates",
                    "With the naive two-digit-year parse a large block of customers gets negative ages (born in 2000–2068); after the"
                        + " fix none is negative (ages under 10 or over 100 are left to the implausible_age rule).",
                    "age in years (10-year bands: -60 is -60 to -51)",
                    "customers (count)"),
                bands,
                "age_band",
                Blocks.columns(
                    "fixed_dob",
                    "fixed birth date (the job)",
                    "naive_parse",
                    "naive d/m/yy parse"))));
  }

  private static Blocks.Section segments(Db db, PublishedOutput out, String s) throws SQLException {
    long customers = out.figure("customers");
    Map<String, Long> bySegment =
        db.counts("SELECT segment AS k, count(*) AS n FROM " + s + " GROUP BY 1");
    List<Map<String, Object>> segments = new ArrayList<>();
    for (String segment : SegmentCustomers.SEGMENTS) {
      long n = bySegment.getOrDefault(segment, 0L);
      segments.add(
          Blocks.row(
              "segment", segment, "customers", n, "share_pct", DataQuality.share(n, customers)));
    }
    Map<String, Long> byBand =
        db.counts("SELECT balance_band AS k, count(*) AS n FROM " + s + " GROUP BY 1");
    List<Map<String, Object>> bands = new ArrayList<>();
    for (String band : SegmentCustomers.BALANCE_BANDS) {
      long n = byBand.getOrDefault(band, 0L);
      bands.add(
          Blocks.row(
              "balance_band", band, "customers", n, "share_pct", DataQuality.share(n, customers)));
    }
    return new Blocks.Section(
        "bank-segments",
        "Bank: customer segments and balances",
        "RFM segments (rfm_reference_date "
            + out.summary().path("rfm_reference_date").asText()
            + "); see the README for the rules.",
        List.of(
            Charts.bar(
                new Charts.Spec(
                    "bank-segments-chart",
                    "Customers per RFM segment",
                    "How many customers each segment holds and their share of all customers.",
                    "segment",
                    "customers (count)"),
                segments,
                "segment",
                "customers",
                false,
                row -> Page.format(row.get("customers")) + " (" + row.get("share_pct") + " %)"),
            Charts.bar(
                new Charts.Spec(
                    "bank-balance-bands",
                    "Customers per balance band",
                    "Customers by their latest known account balance (INR); unknown: no balance was ever given.",
                    "latest account balance (INR)",
                    "customers (count)"),
                bands,
                "balance_band",
                "customers",
                false,
                row -> Page.format(row.get("customers")) + " (" + row.get("share_pct") + " %)")));
  }

  private static Blocks.Section suspicious(Db db, PublishedOutput out, String f, long clean)
      throws SQLException {
    Map<String, Long> byRule =
        db.counts("SELECT reason AS k, count(*) AS n FROM " + f + " GROUP BY 1");
    List<Map<String, Object>> rules = new ArrayList<>();
    for (String reason : Suspicion.REASONS) {
      long n = byRule.getOrDefault(reason, 0L);
      rules.add(Blocks.row("rule", reason, "hits", n, "share_pct", DataQuality.share(n, clean)));
    }
    List<Map<String, Object>> perDay =
        db.rows(
            "SELECT transaction_date::VARCHAR AS date, reason AS rule, count(*) AS hits FROM "
                + f
                + " GROUP BY 1, 2 ORDER BY 1, 2");
    long flagged = db.count("SELECT count(DISTINCT transaction_id) FROM " + f);
    return new Blocks.Section(
        "bank-suspicious",
        "Bank: suspicious transactions",
        "Hits of each fraud rule; a transaction can hit several rules.",
        List.of(
            new Blocks.Figures(
                "bank-suspicious-figures",
                List.of(
                    new Blocks.Figure(
                        "bank.suspicious_rows",
                        "hits (transaction, rule)",
                        out.figure("suspicious_rows")),
                    new Blocks.Figure(
                        "bank.suspicious_transactions", "distinct transactions flagged", flagged))),
            Charts.bar(
                new Charts.Spec(
                    "bank-suspicious-by-rule",
                    "Suspicious transactions per rule",
                    "Hits per fraud rule, with their share of all clean transactions.",
                    "rule",
                    "hits (count)"),
                rules,
                "rule",
                "hits",
                true,
                row -> Page.format(row.get("hits")) + " (" + row.get("share_pct") + " %)"),
            Charts.daily(
                new Charts.Spec(
                    "bank-suspicious-per-day",
                    "Suspicious transactions per day and rule",
                    "Daily hits per rule on a log scale, so that rare rules stay visible next to the frequent one.",
                    "transaction date",
                    "hits per day (count, log scale)"),
                perDay,
                "date",
                "hits",
                "rule",
                true)));
  }
}
