package dev.etl.pipelines.report;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.query;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.etl.pipelines.Main;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.music.MusicOptions;
import dev.etl.pipelines.music.MusicPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs both jobs on the fixtures (direct runner), makes the report and reads it the way a person
 * does: every section, chart and figure is on the page, and the figures equal _SUMMARY.json and
 * DuckDB queries of the same output written here independently of the report's own.
 */
public class ReportCommandTest {
  static final Path BANK_FIXTURE =
      Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize();
  static final Path MUSIC_FIXTURE = Path.of("../src/fixtures/music").toAbsolutePath().normalize();
  static final Path PREVIOUS_WEEK =
      Path.of("../src/fixtures/music_previous_week/User_Listening_History.csv")
          .toAbsolutePath()
          .normalize();
  static final List<String> SECTIONS =
      List.of(
          "bank-quality",
          "bank-activity",
          "bank-ages",
          "bank-segments",
          "bank-suspicious",
          "music-quality",
          "music-top",
          "music-users",
          "music-concentration");
  static final List<String> CHARTS =
      List.of(
          "bank-reconciliation",
          "bank-transactions-per-day",
          "bank-amounts",
          "bank-top-locations",
          "bank-ages-chart",
          "bank-segments-chart",
          "bank-balance-bands",
          "bank-suspicious-by-rule",
          "bank-suspicious-per-day",
          "music-reconciliation-tracks",
          "music-reconciliation-listens",
          "music-top-tracks",
          "music-top-artists",
          "music-top-genres",
          "music-plays-per-user",
          "music-segments",
          "music-concentration-curve");

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path bank;
  static Path music;
  static JsonNode bankSummary;
  static JsonNode musicSummary;
  static Document page;
  static JsonNode figures;

  @BeforeClass
  public static void runJobsAndReport() throws Exception {
    bank = TMP.newFolder("bank").toPath();
    music = TMP.newFolder("music").toPath();
    BankPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--input=" + BANK_FIXTURE, "--output=" + bank, "--runner=DirectRunner", "--quiet")
            .as(BankOptions.class));
    // two weekly snapshots: the previous week's top 3, then the fixture's week
    runMusic(
        music,
        "--tracks=" + MUSIC_FIXTURE + "/Music_Info.csv",
        "--listens=" + PREVIOUS_WEEK,
        "--snapshotDate=2026-11-20",
        "--topN=3");
    runMusic(music, "--input=" + MUSIC_FIXTURE, "--snapshotDate=2026-11-27");
    bankSummary = new ObjectMapper().readTree(bank.resolve("_SUMMARY.json").toFile());
    musicSummary = new ObjectMapper().readTree(music.resolve("_SUMMARY.json").toFile());
    Path html = TMP.getRoot().toPath().resolve("report/eda.html");
    Result result = report("--bank=" + bank, "--music=" + music, "--output=" + html);
    assertEquals(result.err, 0, result.code);
    page = Jsoup.parse(html.toFile(), "UTF-8");
    figures = new ObjectMapper().readTree(html.resolveSibling("eda.json").toFile());
  }

  @Test
  public void everySectionAndChartIsOnThePageWithTitleAxesAndCaption() {
    for (String id : SECTIONS) {
      assertNotNull("section " + id, page.getElementById(id));
      assertFalse("heading of " + id, page.getElementById(id).select("h2").text().isBlank());
    }
    for (String id : CHARTS) {
      Element figure = page.getElementById(id);
      assertNotNull("chart " + id, figure);
      JsonNode chart = figures.path("charts").path(id);
      assertFalse("chart " + id + " in the JSON", chart.isMissingNode());
      Element svg = figure.selectFirst("svg");
      assertNotNull("inline SVG of " + id, svg);
      String drawn = svg.text();
      assertThat(id + " title", drawn, containsString(chart.get("title").asText()));
      assertThat(id + " value axis", drawn, containsString(chart.get("y_axis").asText()));
      assertThat(id + " unit on the value axis", chart.get("y_axis").asText(), containsString("("));
      String caption = figure.select("figcaption").text();
      assertEquals(id + " caption", chart.get("caption").asText(), caption);
      assertTrue(id + " caption is a sentence", caption.endsWith("."));
    }
    assertEquals("no other charts", CHARTS.size(), page.select("figure").size());
    assertEquals(CHARTS.size(), figures.get("charts").size());
  }

  @Test
  public void thePageIsSelfContained() {
    assertTrue("no script", page.select("script").isEmpty());
    assertTrue("no stylesheet link", page.select("link").isEmpty());
    assertTrue("no image file", page.select("img, iframe, object, embed").isEmpty());
    for (Element e : page.select("[href], [src]")) {
      String target = e.hasAttr("href") ? e.attr("href") : e.attr("src");
      assertTrue("local link only: " + target, target.startsWith("#"));
    }
    assertFalse("no url() in styles", page.select("style").html().contains("url("));
    // several SVGs on one page: their ids (clip paths) must not collide
    List<String> ids = page.select("[id]").eachAttr("id");
    assertEquals("unique ids", ids.size(), ids.stream().distinct().count());
  }

  @Test
  public void figuresOnThePageAreTheJsonFiguresAndEqualTheSummaries() {
    Map<String, String> shown = new TreeMap<>();
    for (Element dd : page.select("dd[data-figure]")) {
      shown.put(dd.attr("data-figure"), dd.text());
    }
    Map<String, String> inJson = new TreeMap<>();
    figures
        .get("figures")
        .fields()
        .forEachRemaining(e -> inJson.put(e.getKey(), Page.format(number(e.getValue()))));
    assertEquals(inJson, shown);
    for (String key :
        List.of(
            "rows_read",
            "rows_clean",
            "duplicates_removed",
            "rows_rejected",
            "dob_unknown",
            "customers",
            "suspicious_rows")) {
      assertEquals(key, bankSummary.get(key).asLong(), figure("bank." + key));
    }
    for (String key :
        List.of(
            "tracks_read",
            "tracks_clean",
            "tracks_rejected",
            "listens_read",
            "listens_clean",
            "listens_rejected",
            "users")) {
      assertEquals(key, musicSummary.get(key).asLong(), figure("music." + key));
    }
    assertEquals(bankSummary, figures.path("summaries").path("bank"));
  }

  @Test
  public void bankFiguresEqualIndependentQueries() throws Exception {
    String t = "read_parquet('" + bank + "/transactions/*/*.parquet', hive_partitioning=true)";
    assertEquals(scalar("SELECT count(*) FROM " + t), figure("bank.rows_clean"));
    assertEquals(bankSummary.get("rows_clean").asLong(), figure("bank.rows_clean"));
    // rejected reasons table: counts per reason equal the dead letters and the summary
    Map<String, Long> table = tableCounts("bank-rejected", "reason", "count");
    Map<String, Long> summary = new TreeMap<>();
    bankSummary
        .get("rejected_by_reason")
        .fields()
        .forEachRemaining(e -> summary.put(e.getKey(), e.getValue().asLong()));
    assertEquals(summary, table);
    assertEquals(
        summary,
        queryCounts(
            "SELECT reason AS k, count(*) AS n FROM read_json_auto('"
                + bank
                + "/rejected/*.jsonl') GROUP BY 1"));
    // per-day line: every day's count
    assertEquals(
        queryCounts(
            "SELECT strftime(transaction_date, '%Y-%m-%d') AS k, count(*) AS n FROM "
                + t
                + " GROUP BY 1"),
        chartCounts("bank-transactions-per-day", "date", "transactions"));
    // segments and rules: the summary's maps
    assertEquals(
        jsonCounts(bankSummary.get("customers_by_segment")),
        chartCounts("bank-segments-chart", "segment", "customers"));
    assertEquals(
        jsonCounts(bankSummary.get("suspicious_by_reason")),
        chartCounts("bank-suspicious-by-rule", "rule", "hits"));
    long amounts = 0;
    for (JsonNode bin : figures.at("/charts/bank-amounts/data")) {
      amounts += bin.get("count").asLong();
    }
    assertEquals(
        "histogram + zero amounts = all",
        figure("bank.rows_clean"),
        amounts + figure("bank.amount_zero"));
    // ages: a naive d/m/yy parse recomputed here in Java from the customers' birth dates
    long unborn = 0;
    long known = 0;
    for (Map<String, Object> row :
        query(
            "SELECT customer_dob::VARCHAR AS dob, last_transaction_date::VARCHAR AS last FROM read_parquet('"
                + bank
                + "/customers/*.parquet')")) {
      if (row.get("dob") == null) {
        continue;
      }
      known++;
      LocalDate dob = LocalDate.parse((String) row.get("dob"));
      int yy = dob.getYear() % 100;
      if (dob.withYear(yy <= 68 ? 2000 + yy : 1900 + yy)
          .isAfter(LocalDate.parse((String) row.get("last")))) {
        unborn++;
      }
    }
    assertEquals(known, figure("bank.customers_dob_known"));
    assertEquals(unborn, figure("bank.naive_born_after_transaction"));
    assertThat(
        "the fixture has two-digit years a naive parse puts in the future",
        unborn,
        greaterThan(0L));
    long naiveTotal = 0;
    for (JsonNode band : figures.at("/charts/bank-ages-chart/data")) {
      naiveTotal += band.get("naive_parse").asLong();
    }
    assertEquals(known, naiveTotal);
    // column profile: nulls of customer_dob and distinct transaction ids
    Map<String, Map<String, String>> columns = tableRows("bank-columns-transactions", "column");
    assertEquals(
        scalar("SELECT count(*) FILTER (WHERE customer_dob IS NULL) FROM " + t),
        parse(columns.get("customer_dob").get("nulls")));
    assertEquals(
        scalar("SELECT count(DISTINCT transaction_id) FROM " + t),
        parse(columns.get("transaction_id").get("distinct")));
    assertEquals(
        String.valueOf(scalar("SELECT max(amount_inr) FROM " + t)),
        columns.get("amount_inr").get("max"));
  }

  @Test
  public void musicFiguresEqualIndependentQueries() throws Exception {
    String listens = "read_parquet('" + music + "/listens/*.parquet')";
    // top tracks from the listens themselves, not from the job's top_tracks table
    List<Map<String, Object>> top =
        query(
            "SELECT sum(playcount) AS plays FROM "
                + listens
                + " GROUP BY track_id ORDER BY 1 DESC, track_id LIMIT 10");
    List<Long> expected = new ArrayList<>();
    top.forEach(r -> expected.add(((Number) r.get("plays")).longValue()));
    List<Long> charted = new ArrayList<>();
    figures.at("/charts/music-top-tracks/data").forEach(r -> charted.add(r.get("plays").asLong()));
    assertEquals(expected, charted);
    // listener segments: the summary's users_by_segment, in segment order
    List<Long> segments = new ArrayList<>();
    figures.at("/charts/music-segments/data").forEach(r -> segments.add(r.get("users").asLong()));
    List<Long> summarySegments = new ArrayList<>();
    for (String segment : List.of("light", "regular", "heavy", "super")) {
      summarySegments.add(musicSummary.get("users_by_segment").path(segment).asLong());
    }
    assertEquals(summarySegments, segments);
    // top 1 % of the catalog's tracks and their share of all plays, computed here in Java
    long catalog =
        ((Number) scalar("SELECT count(*) FROM read_parquet('" + music + "/tracks/*.parquet')"))
            .longValue();
    long topCount = Math.max(1, (long) Math.ceil(catalog / 100.0));
    List<Long> plays = new ArrayList<>();
    query("SELECT sum(playcount) AS plays FROM " + listens + " GROUP BY track_id ORDER BY 1 DESC")
        .forEach(r -> plays.add(((Number) r.get("plays")).longValue()));
    long total = plays.stream().mapToLong(Long::longValue).sum();
    long topPlays = plays.stream().limit(topCount).mapToLong(Long::longValue).sum();
    assertEquals(topCount, figure("music.top_1pct_tracks"));
    assertEquals(topPlays, figure("music.top_1pct_plays"));
    assertEquals(
        Math.round(10000.0 * topPlays / total) / 100.0,
        figures.at("/figures/music.top_1pct_share_pct").asDouble(),
        1e-9);
    // dead letters split by input file: the summary's per-file reasons
    assertEquals(
        jsonCounts(musicSummary.get("tracks_rejected_by_reason")),
        tableCounts("music-rejected-tracks", "reason", "count"));
    assertEquals(
        jsonCounts(musicSummary.get("listens_rejected_by_reason")),
        tableCounts("music-rejected-listens", "reason", "count"));
    long perUser = 0;
    for (JsonNode bin : figures.at("/charts/music-plays-per-user/data")) {
      perUser += bin.get("count").asLong();
    }
    assertEquals(musicSummary.get("users").asLong(), perUser);
  }

  static void runMusic(Path output, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--output=" + output, "--runner=DirectRunner", "--buckets=4", "--quiet"));
    MusicPipeline.run(
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(MusicOptions.class));
  }

  private static List<String> chartColumn(String chart, String key) {
    List<String> values = new ArrayList<>();
    figures.at("/charts/" + chart + "/data").forEach(r -> values.add(r.get(key).asText()));
    return values;
  }

  @Test
  public void topListsShowEachEntrysRankChangeAgainstThePreviousSnapshot() throws Exception {
    // worked out by hand: week 1's top 3 tracks A, C, B; week 2's B, A, D, C
    assertEquals(List.of("3", "1", "null", "2"), chartColumn("music-top-tracks", "previous_rank"));
    assertEquals(List.of("2", "-1", "null", "-2"), chartColumn("music-top-tracks", "rank_change"));
    // artists: week 1 Zoë Café 8, Abba 7, Beck 7 (ties by name); week 2 Beck, Zoë Café, Abba
    assertEquals(List.of("2", "-1", "-1"), chartColumn("music-top-artists", "rank_change"));
    assertEquals(List.of("0", "0"), chartColumn("music-top-genres", "rank_change"));
    // the same from the snapshot partitions, independently of the report's SQL
    String topTracks =
        "read_parquet('" + music + "/top_tracks/*/*.parquet', hive_partitioning = true)";
    List<String> expected = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "SELECT track_id FROM "
                + topTracks
                + " WHERE snapshot_date = '2026-11-27' ORDER BY rank")) {
      Object before =
          scalar(
              "SELECT max(rank) FROM "
                  + topTracks
                  + " WHERE snapshot_date = '2026-11-20' AND track_id = '"
                  + row.get("track_id")
                  + "'");
      expected.add(String.valueOf(before));
    }
    assertEquals(expected, chartColumn("music-top-tracks", "previous_rank"));
    // and as a person reads the page: beside each bar, and named in the section's intro
    String drawn = page.getElementById("music-top-tracks").selectFirst("svg").text();
    for (String label : List.of("11 (▲2)", "7 (▼1)", "6 (new)", "5 (▼2)")) {
      assertThat(drawn, containsString(label));
    }
    assertThat(
        page.getElementById("music-top-genres").selectFirst("svg").text(),
        containsString("13 (=)"));
    assertThat(
        page.getElementById("music-top").text(), containsString("in the snapshot of 2026-11-27"));
    assertThat(
        page.getElementById("music-top").text(),
        containsString("rank change against the snapshot of 2026-11-20"));
    // segments and profiles describe the summary's snapshot only, not the history
    assertEquals(
        musicSummary.get("users").asLong(),
        figures.at("/charts/music-segments/data").findValues("users").stream()
            .mapToLong(JsonNode::asLong)
            .sum());
  }

  @Test
  public void aFirstSnapshotShowsNoRankChange() throws Exception {
    Path single = TMP.newFolder("single").toPath();
    runMusic(single, "--input=" + MUSIC_FIXTURE, "--snapshotDate=2026-11-27");
    Path html = TMP.getRoot().toPath().resolve("single/report.html");
    Result result = report("--music=" + single, "--output=" + html);
    assertEquals(result.err, 0, result.code);
    Document one = Jsoup.parse(html.toFile(), "UTF-8");
    assertThat(
        one.getElementById("music-top").text(),
        containsString("it is the first snapshot, so there is no rank change to show yet"));
    String drawn = one.getElementById("music-top-tracks").selectFirst("svg").text();
    assertFalse(drawn, drawn.contains("▲") || drawn.contains("▼") || drawn.contains("(new)"));
    JsonNode data =
        new ObjectMapper()
            .readTree(html.resolveSibling("report.json").toFile())
            .at("/charts/music-top-tracks/data");
    assertEquals(4, data.size());
    data.forEach(row -> assertTrue(row.get("previous_rank").isNull()));
  }

  @Test
  public void aFolderWithoutJobOutputIsOneSentenceAndExit2() throws Exception {
    Path empty = TMP.newFolder("empty").toPath();
    Result result = report("--bank=" + empty, "--output=" + TMP.getRoot() + "/x.html");
    assertEquals(2, result.code);
    assertThat(result.err, containsString("holds no job output (no _SUMMARY.json)"));
    assertOneLine(result.err);
    assertFalse(Files.exists(Path.of(TMP.getRoot() + "/x.html")));
  }

  @Test
  public void anotherJobsOutputIsOneSentenceAndExit2() {
    Result result = report("--music=" + bank, "--output=" + TMP.getRoot() + "/x.html");
    assertEquals(2, result.code);
    assertThat(result.err, containsString("holds the bank job's output, not the music job's"));
    assertOneLine(result.err);
  }

  @Test
  public void anOlderJobsOutputIsOneSentenceAndExit2() throws Exception {
    Path old = TMP.newFolder("old").toPath();
    for (String folder : List.of("transactions", "customers")) {
      Files.createDirectories(old.resolve(folder));
    }
    ObjectNode summary = (ObjectNode) bankSummary.deepCopy();
    summary.remove(
        List.of(
            "customers_by_segment", "suspicious_by_reason", "suspicious_rows", "rfm_boundaries"));
    Files.writeString(old.resolve("_SUMMARY.json"), summary.toString());
    Result result = report("--bank=" + old, "--output=" + TMP.getRoot() + "/x.html");
    assertEquals(2, result.code);
    assertThat(result.err, containsString("was written by an older version of the bank job"));
    assertOneLine(result.err);
  }

  @Test
  public void missingOptionsAreAUserError() {
    assertEquals(2, report("--output=" + TMP.getRoot() + "/x.html").code);
    assertEquals(2, report("--bank=" + bank, "--output=" + TMP.getRoot() + "/x.txt").code);
    assertEquals(
        2, report("--bank=" + bank, "--output=" + TMP.getRoot() + "/x.html", "--colour=red").code);
  }

  record Result(int code, String err) {}

  static synchronized Result report(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      List<String> argv = new ArrayList<>(List.of("report"));
      argv.addAll(List.of(args));
      return new Result(Main.run(argv), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  private static void assertOneLine(String err) {
    assertEquals("one line: " + err, 1, err.strip().lines().count());
    assertFalse("no stack trace: " + err, err.contains("\tat "));
  }

  private static long figure(String key) {
    JsonNode value = figures.get("figures").get(key);
    assertNotNull("figure " + key, value);
    return value.asLong();
  }

  private static Object number(JsonNode value) {
    return value.isIntegralNumber()
        ? (Object) value.asLong()
        : value.isNumber() ? (Object) value.asDouble() : value.asText();
  }

  private static long parse(String formatted) {
    return Long.parseLong(formatted.replace(",", ""));
  }

  private static Map<String, Long> jsonCounts(JsonNode object) {
    Map<String, Long> counts = new TreeMap<>();
    object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  private static Map<String, Long> chartCounts(String chart, String key, String value) {
    Map<String, Long> counts = new TreeMap<>();
    figures
        .at("/charts/" + chart + "/data")
        .forEach(row -> counts.put(row.get(key).asText(), row.get(value).asLong()));
    return counts;
  }

  private static Map<String, Long> queryCounts(String sql) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (Map<String, Object> row : query(sql)) {
      counts.put(String.valueOf(row.get("k")), ((Number) row.get("n")).longValue());
    }
    return counts;
  }

  /** A page table's rows keyed by one column, cells by their data-key, as shown. */
  private static Map<String, Map<String, String>> tableRows(String id, String keyColumn) {
    Element table = page.getElementById(id);
    assertNotNull("table " + id, table);
    Map<String, Map<String, String>> rows = new HashMap<>();
    for (Element tr : table.select("tbody tr")) {
      Map<String, String> cells = new HashMap<>();
      tr.select("td").forEach(td -> cells.put(td.attr("data-key"), td.text()));
      rows.put(cells.get(keyColumn), cells);
    }
    return rows;
  }

  private static Map<String, Long> tableCounts(String id, String keyColumn, String countColumn) {
    Map<String, Long> counts = new TreeMap<>();
    tableRows(id, keyColumn)
        .forEach((key, cells) -> counts.put(key, parse(cells.get(countColumn))));
    return counts;
  }
}
