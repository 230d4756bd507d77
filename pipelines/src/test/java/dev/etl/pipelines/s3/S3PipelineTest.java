package dev.etl.pipelines.s3;

import static dev.etl.pipelines.s3.S3TestSupport.etl;
import static dev.etl.pipelines.s3.S3TestSupport.sameRows;
import static dev.etl.pipelines.s3.S3TestSupport.summaryWithoutPaths;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.music.MusicPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Both jobs with s3:// input and output against a real S3-compatible server (S3Proxy, filesystem
 * store), through ./etl's entry point (so the runner choice measures the S3 input too), compared
 * with a local-file run of the same fixtures: identical tables, dead letters and summaries.
 */
public class S3PipelineTest {
  static final Path BANK =
      Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize();
  static final Path MUSIC = Path.of("../src/fixtures/music").toAbsolutePath().normalize();
  static final String BANK_CSV = "bank_transactions.csv";
  static final String WEEK_2 = "--snapshotDate=2026-11-27";

  /**
   * Dead letters with file names in place of paths (in 'file' and in 'detail'), which differ by
   * design.
   */
  static final String DEAD_LETTERS =
      "(SELECT position, raw, reason, regexp_replace(detail, '\\S*/', '', 'g') AS detail, "
          + "regexp_extract(file, '[^/]+$') AS name FROM read_json_auto('%s/rejected/*.jsonl'))";

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path store;
  static LocalS3 server;
  static Path local;
  static S3TestSupport.Run bankS3;
  static S3TestSupport.Run musicS3;

  @BeforeClass
  public static void runJobs() throws Exception {
    store = TMP.newFolder("store").toPath();
    S3TestSupport.copy(BANK, store.resolve("raw/bank"));
    S3TestSupport.copy(MUSIC.resolve(MusicPipeline.TRACKS_FILE), store.resolve("raw/music"));
    S3TestSupport.copy(MUSIC.resolve(MusicPipeline.LISTENS_FILE), store.resolve("raw/music"));
    Files.createDirectories(store.resolve("processed"));
    server = S3TestSupport.startServer(store);
    local = TMP.newFolder("local").toPath();

    assertEquals(0, etl("bank", "--input=" + BANK, "--output=" + local.resolve("bank")).exitCode());
    assertEquals(
        0,
        etl("music", "--input=" + MUSIC, "--output=" + local.resolve("music"), WEEK_2).exitCode());
    bankS3 = etl(s3("bank", "--input=s3://raw/bank/" + BANK_CSV, "--output=s3://processed/bank"));
    musicS3 = etl(s3("music", "--input=s3://raw/music", "--output=s3://processed/music/", WEEK_2));
  }

  @AfterClass
  public static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** The command with the options that point it at the test server. */
  static String[] s3(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(server.jobOptions());
    return all.toArray(String[]::new);
  }

  @Test
  public void bankOnS3WritesWhatTheLocalRunWrites() throws Exception {
    assertEquals(bankS3.err(), 0, bankS3.exitCode());
    assertThat(bankS3.err(), containsString("runner: DirectRunner (input 0.0 MB"));
    Path s3Out = store.resolve("processed/bank");
    assertEquals(summaryWithoutPaths(local.resolve("bank")), summaryWithoutPaths(s3Out));
    String summary = Files.readString(s3Out.resolve("_SUMMARY.json"));
    assertThat(summary, containsString("\"input\" : \"s3://raw/bank/" + BANK_CSV + "\""));
    assertThat(summary, containsString("\"output\" : \"s3://processed/bank\""));
    sameRows(
        "read_parquet('%s/transactions/*/*.parquet', hive_partitioning = true)",
        local.resolve("bank"), s3Out);
    sameRows("read_parquet('%s/customers/*.parquet')", local.resolve("bank"), s3Out);
    sameRows("read_parquet('%s/customer_segments/*.parquet')", local.resolve("bank"), s3Out);
    sameRows("read_parquet('%s/suspicious_transactions/*.parquet')", local.resolve("bank"), s3Out);
    sameRows(DEAD_LETTERS, local.resolve("bank"), s3Out);
    assertThat(
        Files.readString(onlyFile(s3Out.resolve("rejected"))),
        containsString("\"file\":\"s3://raw/bank/" + BANK_CSV));
    assertEquals(
        dev.etl.pipelines.bank.BankPipeline.RESULTS.stream().sorted().toList(), list(s3Out));
  }

  @Test
  public void musicOnS3WritesWhatTheLocalRunWrites() throws Exception {
    assertEquals(musicS3.err(), 0, musicS3.exitCode());
    Path s3Out = store.resolve("processed/music");
    assertEquals(summaryWithoutPaths(local.resolve("music")), summaryWithoutPaths(s3Out));
    for (String table :
        List.of(
            "tracks",
            "listens",
            "top_tracks",
            "top_artists",
            "top_genres",
            "user_top_tracks",
            "user_segments")) {
      boolean snapshot =
          MusicPipeline.TABLES.stream().anyMatch(t -> t.name().equals(table) && t.partitioned());
      sameRows(
          snapshot
              ? "read_parquet('%s/" + table + "/*/*.parquet', hive_partitioning = true)"
              : "read_parquet('%s/" + table + "/*.parquet')",
          local.resolve("music"),
          s3Out);
    }
    sameRows(DEAD_LETTERS, local.resolve("music"), s3Out);
  }

  @Test
  public void noSecretInOutputLogsOrSummaries() throws Exception {
    for (S3TestSupport.Run run : List.of(bankS3, musicS3)) {
      assertThat(run.all(), not(containsString(LocalS3.SECRET_KEY)));
      assertTrue("the log capture works", run.logs().contains("starting on DirectRunner"));
    }
    try (Stream<Path> files = Files.walk(store.resolve("processed"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(
            file.toString(),
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1),
            not(containsString(LocalS3.SECRET_KEY)));
      }
    }
  }

  @Test
  public void rerunIntoTheSameS3OutputReplacesThePreviousResult() throws Exception {
    // a first result with a date (2016-01-05) the fixture does not have, and a different dead
    // letter
    List<String> lines = Files.readAllLines(BANK);
    Files.writeString(
        Files.createDirectories(store.resolve("raw/other")).resolve(BANK_CSV),
        lines.get(0)
            + "\nT900,C900,1/1/80,M,PUNE,100.0,5/1/16,120000,10.5\nT901,C901,1/1/80,M,PUNE,x,5/1/16,120000,10.5\n");
    assertEquals(
        0,
        etl(s3("bank", "--input=s3://raw/other/" + BANK_CSV, "--output=s3://processed/again"))
            .exitCode());
    Path out = store.resolve("processed/again");
    assertTrue(Files.isDirectory(out.resolve("transactions/transaction_date=2016-01-05")));

    S3TestSupport.Run second =
        etl(s3("bank", "--input=s3://raw/bank/" + BANK_CSV, "--output=s3://processed/again"));
    assertEquals(second.err(), 0, second.exitCode());
    assertEquals(summaryWithoutPaths(local.resolve("bank")), summaryWithoutPaths(out));
    sameRows(
        "read_parquet('%s/transactions/*/*.parquet', hive_partitioning = true)",
        local.resolve("bank"), out);
    sameRows("read_parquet('%s/customers/*.parquet')", local.resolve("bank"), out);
    assertFalse(
        "stale partition removed",
        Files.exists(out.resolve("transactions/transaction_date=2016-01-05")));
    assertThat(Files.readString(onlyFile(out.resolve("rejected"))), not(containsString("T901")));
    assertEquals(
        "no staging area left",
        dev.etl.pipelines.bank.BankPipeline.RESULTS.stream().sorted().toList(),
        list(out));
  }

  @Test
  public void aSnapshotOnS3ReplacesOnlyItsOwnPartition() throws Exception {
    S3TestSupport.copy(
        Path.of("../src/fixtures/music_previous_week/" + MusicPipeline.LISTENS_FILE)
            .toAbsolutePath()
            .normalize(),
        store.resolve("raw/music_previous_week"));
    String output = "--output=s3://processed/history";
    assertEquals(
        0,
        etl(s3(
                "music",
                "--tracks=s3://raw/music/" + MusicPipeline.TRACKS_FILE,
                "--listens=s3://raw/music_previous_week/" + MusicPipeline.LISTENS_FILE,
                output,
                "--snapshotDate=2026-11-20"))
            .exitCode());
    Path out = store.resolve("processed/history");
    Map<String, String> week1 = snapshot(out.resolve("top_tracks/snapshot_date=2026-11-20"));
    Map<String, String> week1Segments =
        snapshot(out.resolve("user_segments/snapshot_date=2026-11-20"));
    assertFalse(week1.isEmpty());
    assertEquals(0, etl(s3("music", "--input=s3://raw/music", output, WEEK_2)).exitCode());
    assertEquals(
        0, etl(s3("music", "--input=s3://raw/music", output, WEEK_2, "--topN=2")).exitCode());
    assertEquals(week1, snapshot(out.resolve("top_tracks/snapshot_date=2026-11-20")));
    assertEquals(week1Segments, snapshot(out.resolve("user_segments/snapshot_date=2026-11-20")));
    assertEquals(
        "2026-11-20:4,2026-11-27:2",
        String.join(
            ",",
            dev.etl.pipelines.bank.BankPipelineEndToEndTest.query(
                    "SELECT snapshot_date::VARCHAR || ':' || count(*) AS n FROM read_parquet('"
                        + out
                        + "/top_tracks/*/*.parquet', hive_partitioning = true)"
                        + " GROUP BY snapshot_date ORDER BY snapshot_date")
                .stream()
                .map(r -> String.valueOf(r.get("n")))
                .toList()));
    assertFalse(list(out).stream().anyMatch(n -> n.startsWith("_staging")));
  }

  static List<String> list(Path dir) throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static Path onlyFile(Path dir) throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> files = entries.toList();
      assertEquals(files.toString(), 1, files.size());
      return files.get(0);
    }
  }

  static Map<String, String> snapshot(Path dir) throws Exception {
    return S3TestSupport.snapshot(dir);
  }
}
