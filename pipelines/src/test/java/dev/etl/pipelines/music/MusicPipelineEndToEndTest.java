package dev.etl.pipelines.music;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.query;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the music job on the known-answer fixture (direct runner) and reads its tables back with
 * DuckDB. The expected figures are worked out by hand in src/fixtures/README.md.
 */
public class MusicPipelineEndToEndTest {
  static final Path FIXTURE = Path.of("../src/fixtures/music").toAbsolutePath().normalize();
  static final String A = "TRAAAAA128F9310E51";
  static final String B = "TRBBBBB128F9310E52";
  static final String C = "TRCCCCC128F9310E53";
  static final String D = "TRDDDDD128F9310E54";
  static final Path PREVIOUS_WEEK =
      Path.of("../src/fixtures/music_previous_week/User_Listening_History.csv")
          .toAbsolutePath()
          .normalize();
  static final List<String> SNAPSHOT_TABLES =
      List.of("top_tracks", "top_artists", "top_genres", "user_segments");

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path out;
  static RunReport report;

  @BeforeClass
  public static void runJob() throws Exception {
    out = TMP.newFolder("out").toPath();
    report = runMusic(out, "--input=" + FIXTURE, "--snapshotDate=2026-11-27");
  }

  static RunReport runMusic(Path output, String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.add("--output=" + output);
    if (all.stream().noneMatch(a -> a.startsWith("--runner="))) {
      all.add("--runner=DirectRunner");
    }
    return MusicPipeline.run(
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(MusicOptions.class));
  }

  /** A table as DuckDB reads it; a snapshot table with its snapshot_date partitions as a column. */
  static String table(Path output, String name) {
    if (SNAPSHOT_TABLES.contains(name)) {
      return "read_parquet('" + output + "/" + name + "/*/*.parquet', hive_partitioning = true)";
    }
    return "read_parquet('" + output + "/" + name + "/*.parquet')";
  }

  static String column(String sql) throws Exception {
    return query(sql).stream()
        .map(r -> String.valueOf(r.values().iterator().next()))
        .collect(Collectors.joining(","));
  }

  @Test
  public void summaryReconcilesWithKnownAnswers() throws Exception {
    JsonNode s = new ObjectMapper().readTree(out.resolve("_SUMMARY.json").toFile());
    assertEquals(9, s.get("tracks_read").asLong());
    assertEquals(4, s.get("tracks_clean").asLong());
    assertEquals(1, s.get("track_duplicates_removed").asLong());
    assertEquals(4, s.get("tracks_rejected").asLong());
    assertEquals(
        Map.of(
            "conflicting_duplicate",
            1,
            "bad_number",
            1,
            "wrong_column_count",
            1,
            "missing_track_id",
            1),
        new ObjectMapper().convertValue(s.get("tracks_rejected_by_reason"), Map.class));
    assertEquals(17, s.get("listens_read").asLong());
    assertEquals(9, s.get("listens_clean").asLong());
    assertEquals(1, s.get("listen_duplicates_removed").asLong());
    assertEquals(1, s.get("listens_merged").asLong());
    assertEquals(6, s.get("listens_rejected").asLong());
    assertEquals(
        Map.of(
            "unknown_track_id",
            2,
            "bad_playcount",
            1,
            "wrong_column_count",
            1,
            "blank_line",
            1,
            "missing_user_id",
            1),
        new ObjectMapper().convertValue(s.get("listens_rejected_by_reason"), Map.class));
    assertEquals(5, s.get("users").asLong());
    assertEquals(
        Map.of("light_max", 2, "regular_max", 6, "heavy_max", 9),
        new ObjectMapper().convertValue(s.get("segment_boundaries"), Map.class));
    assertEquals(
        Map.of("light", 2, "regular", 1, "heavy", 1, "super", 1),
        new ObjectMapper().convertValue(s.get("users_by_segment"), Map.class));
    assertEquals(9, s.get("listens_written").asLong());
    assertEquals(4, s.get("tracks_written").asLong());
    assertEquals("DirectRunner", s.get("runner").asText());
    assertTrue(s.get("wall_time_seconds").asDouble() > 0);
    assertTrue(s.get("reconciled").asBoolean());
    assertTrue(report.reconciled());
    assertEquals(6, report.checks().size());
    assertEquals(9, s.get("user_top_tracks_written").asLong());
  }

  @Test
  public void catalogIsTypedAndQuotedNamesRoundTrip() throws Exception {
    String t = table(out, "tracks");
    assertEquals(4L, scalar("SELECT count(*) FROM " + t));
    assertEquals(
        "Hello, \"World\"", scalar("SELECT name FROM " + t + " WHERE track_id = '" + A + "'"));
    assertEquals("Zoë Café", scalar("SELECT artist FROM " + t + " WHERE track_id = '" + A + "'"));
    assertEquals(
        "Naïve, \"Live\"", scalar("SELECT name FROM " + t + " WHERE track_id = '" + D + "'"));
    assertEquals(
        "rock|indie_rock",
        scalar("SELECT array_to_string(tags, '|') FROM " + t + " WHERE track_id = '" + A + "'"));
    assertEquals(
        "rock|live",
        scalar("SELECT array_to_string(tags, '|') FROM " + t + " WHERE track_id = '" + D + "'"));
    assertEquals(0L, scalar("SELECT len(tags) FROM " + t + " WHERE track_id = '" + C + "'"));
    assertEquals(1977, scalar("SELECT year FROM " + t + " WHERE track_id = '" + C + "'"));
    assertEquals(1L, scalar("SELECT count(*) FROM " + t + " WHERE genre IS NULL"));
    Map<String, String> types =
        query("DESCRIBE SELECT * FROM " + t).stream()
            .collect(
                Collectors.toMap(
                    r -> (String) r.get("column_name"), r -> (String) r.get("column_type")));
    assertEquals("VARCHAR[]", types.get("tags"));
    assertEquals("INTEGER", types.get("year"));
    assertEquals("DOUBLE", types.get("danceability"));
    assertEquals(21, types.size());
  }

  @Test
  public void listensAreMergedAndEnriched() throws Exception {
    String l = table(out, "listens");
    assertEquals(9L, scalar("SELECT count(*) FROM " + l));
    assertEquals(0L, scalar("SELECT count(*) - count(DISTINCT (user_id, track_id)) FROM " + l));
    assertEquals(
        5L,
        scalar(
            "SELECT playcount FROM " + l + " WHERE user_id LIKE 'u1%' AND track_id = '" + A + "'"));
    assertEquals(
        "Zoë Café|Rock|1999|200000",
        scalar(
            "SELECT concat_ws('|', artist, genre, year, duration_ms) FROM "
                + l
                + " WHERE user_id LIKE 'u1%' AND track_id = '"
                + A
                + "'"));
    assertEquals(29L, ((Number) scalar("SELECT sum(playcount) FROM " + l)).longValue());
    assertEquals(
        "track_id,user_id,playcount,name,artist,genre,year,duration_ms",
        column("SELECT column_name FROM (DESCRIBE SELECT * FROM " + l + ")"));
  }

  @Test
  public void topListsAreRankedWithNullGenresLeftOut() throws Exception {
    assertEquals(
        "1|"
            + B
            + "|Song B|Beck|11,2|"
            + A
            + "|Hello, \"World\"|Zoë Café|7,3|"
            + D
            + "|Naïve, \"Live\"|Beck|6,4|"
            + C
            + "|Dancing Queen|Abba|5",
        column(
            "SELECT concat_ws('|', rank, track_id, name, artist, plays) FROM "
                + table(out, "top_tracks")
                + " ORDER BY rank"));
    assertEquals(
        "1|Beck|17,2|Zoë Café|7,3|Abba|5",
        column(
            "SELECT concat_ws('|', rank, artist, plays) FROM "
                + table(out, "top_artists")
                + " ORDER BY rank"));
    assertEquals(
        "1|Rock|13,2|Pop|5",
        column(
            "SELECT concat_ws('|', rank, genre, plays) FROM "
                + table(out, "top_genres")
                + " ORDER BY rank"));
  }

  @Test
  public void userTopTracksBreakTiesByTrackId() throws Exception {
    String u = table(out, "user_top_tracks");
    assertEquals(9L, scalar("SELECT count(*) FROM " + u));
    assertEquals(
        "1|" + C + "|4,2|" + D + "|4,3|" + A + "|1",
        column(
            "SELECT concat_ws('|', rank, track_id, plays) FROM "
                + u
                + " WHERE user_id LIKE 'u2%' ORDER BY rank"));
    assertEquals(
        "user_id,rank,track_id,plays",
        column("SELECT column_name FROM (DESCRIBE SELECT * FROM " + u + ")"));
  }

  @Test
  public void everyUserIsProfiledAndSegmented() throws Exception {
    assertEquals(
        "u1|6|2|Zoë Café|Rock|regular,u2|9|3|Abba|Rock|heavy,u3|11|2|Beck|Pop|super,u4|2|1|Beck|Rock|light,u6|1|1|Zoë Café|Rock|light",
        column(
            "SELECT concat_ws('|', left(user_id, 2), total_plays, distinct_tracks, favourite_artist, favourite_genre, segment) FROM "
                + table(out, "user_segments")
                + " ORDER BY user_id"));
  }

  @Test
  public void deadLettersCarryTheirLineAndReason() throws Exception {
    String r = "read_json_auto('" + out + "/rejected/*.jsonl')";
    assertEquals(10L, scalar("SELECT count(*) FROM " + r));
    assertEquals(
        "TRZZZZZ128F9310E99,u4ffffffffffffffffffffffffffffffffffffff,1",
        scalar("SELECT raw FROM " + r + " WHERE reason = 'unknown_track_id' AND raw LIKE 'TRZ%'"));
    assertThat(
        (String) scalar("SELECT file FROM " + r + " WHERE reason = 'bad_number'"),
        containsString("Music_Info.csv"));
  }

  @Test
  public void tracksAndListensOptionsAndCommandLine() throws Exception {
    Path other = TMP.newFolder("cli").toPath();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of(
                  "music",
                  "--tracks=" + FIXTURE + "/Music_Info.csv",
                  "--listens=" + FIXTURE + "/User_Listening_History.csv",
                  "--output=" + other,
                  "--topN=1",
                  "--numShards=2",
                  "--runner=DirectRunner"));
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code);
    assertThat(stdout.toString(StandardCharsets.UTF_8), containsString("\"listens_clean\" : 9"));
    assertEquals(1L, scalar("SELECT count(*) FROM " + table(other, "top_tracks")));
    assertEquals(5L, scalar("SELECT count(*) FROM " + table(other, "user_top_tracks")));
    assertFalse(Files.exists(other.resolve("_counts.tsv")));
    // --numShards sizes every small table (the two large ones are one file per bundle): the file
    // names say "of 2" (a shard that got no row writes no file, so the count alone would be chance)
    for (String small :
        List.of("tracks", "top_tracks", "top_artists", "top_genres", "user_segments")) {
      Path folder = other.resolve(small);
      if (SNAPSHOT_TABLES.contains(small)) {
        try (java.util.stream.Stream<Path> partitions = Files.list(folder)) {
          folder = partitions.findFirst().orElseThrow();
        }
      }
      try (java.util.stream.Stream<Path> files = Files.list(folder)) {
        List<String> names =
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList();
        assertFalse(small, names.isEmpty());
        names.forEach(n -> assertTrue(small + ": " + n, n.endsWith("-of-00002.parquet")));
      }
    }
    assertEquals(4L, scalar("SELECT count(*) FROM " + table(other, "tracks")));
    assertEquals(5L, scalar("SELECT count(*) FROM " + table(other, "user_segments")));
  }

  /** Every file under a folder, relative path → its bytes (as a hex digest). */
  static Map<String, String> filesUnder(Path folder) throws Exception {
    Map<String, String> files = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        byte[] digest =
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        files.put(folder.relativize(f).toString(), java.util.HexFormat.of().formatHex(digest));
      }
    }
    return files;
  }

  /** The earlier snapshots of every snapshot table, file by file. */
  private static Map<String, String> snapshotFiles(Path output, String day) throws Exception {
    Map<String, String> files = new java.util.TreeMap<>();
    for (String table : SNAPSHOT_TABLES) {
      Path partition = output.resolve(table).resolve("snapshot_date=" + day);
      assertTrue(partition + " exists", Files.isDirectory(partition));
      filesUnder(partition).forEach((name, digest) -> files.put(table + "/" + name, digest));
    }
    return files;
  }

  private static String queryCsv(Path music, String queryFile) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of(
                  "query",
                  "--music=" + music,
                  "--file=" + Path.of("../queries").resolve(queryFile),
                  "--format=csv"));
    } finally {
      System.setOut(saved);
    }
    assertEquals(queryFile, 0, code);
    return stdout.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  @Test
  public void aSnapshotReplacesOnlyItsOwnPartitionAndKeepsEveryEarlierOne() throws Exception {
    Path history = TMP.newFolder("history").toPath();
    String tracks = "--tracks=" + FIXTURE + "/Music_Info.csv";
    runMusic(history, tracks, "--listens=" + PREVIOUS_WEEK, "--snapshotDate=2026-11-20");
    Map<String, String> earlier = snapshotFiles(history, "2026-11-20");
    assertEquals(4, earlier.size());

    runMusic(history, "--input=" + FIXTURE, "--snapshotDate=2026-11-27");
    assertEquals(
        "the earlier snapshot is kept byte for byte",
        earlier,
        snapshotFiles(history, "2026-11-20"));
    // current-state tables are this run's alone
    assertEquals(9L, scalar("SELECT count(*) FROM " + table(history, "listens")));
    assertEquals(9L, scalar("SELECT count(*) FROM " + table(history, "user_top_tracks")));
    assertEquals(
        "2026-11-20|1|"
            + A
            + "|8,2026-11-20|2|"
            + C
            + "|7,2026-11-20|3|"
            + B
            + "|4,2026-11-20|4|"
            + D
            + "|3,2026-11-27|1|"
            + B
            + "|11,2026-11-27|2|"
            + A
            + "|7,2026-11-27|3|"
            + D
            + "|6,2026-11-27|4|"
            + C
            + "|5",
        column(
            "SELECT concat_ws('|', snapshot_date, rank, track_id, plays) FROM "
                + table(history, "top_tracks")
                + " ORDER BY snapshot_date, rank"));
    assertEquals(
        "DATE",
        scalar(
            "SELECT column_type FROM (DESCRIBE SELECT * FROM "
                + table(history, "user_segments")
                + ") WHERE column_name = 'snapshot_date'"));
    assertEquals(
        "2026-11-20|5,2026-11-27|5",
        column(
            "SELECT concat_ws('|', snapshot_date, count(*)) FROM "
                + table(history, "user_segments")
                + " GROUP BY snapshot_date ORDER BY snapshot_date"));
    JsonNode summary = new ObjectMapper().readTree(history.resolve("_SUMMARY.json").toFile());
    assertEquals("2026-11-27", summary.get("snapshot_date").asText());

    // the two queries over the history: worked out by hand from the two listening files
    assertEquals(
        String.join(
            "\n",
            "track_id,name,artist,previous_rank,rank,places_gained,previous_plays,plays,previous_snapshot_date,snapshot_date",
            B + ",Song B,Beck,3,1,2,4,11,2026-11-20,2026-11-27",
            A + ",\"Hello, \"\"World\"\"\",Zoë Café,1,2,-1,8,7,2026-11-20,2026-11-27",
            D + ",\"Naïve, \"\"Live\"\"\",Beck,4,3,1,3,6,2026-11-20,2026-11-27",
            C + ",Dancing Queen,Abba,2,4,-2,7,5,2026-11-20,2026-11-27",
            ""),
        queryCsv(history, "music_top_10_movers.sql"));
    String u = "ffffffffffffffffffffffffffffffffffffff";
    assertEquals(
        String.join(
            "\n",
            "user_id,previous_segment,segment,previous_total_plays,total_plays,previous_snapshot_date,snapshot_date",
            "u1" + u + ",super,regular,9,6,2026-11-20,2026-11-27",
            "u2" + u + ",light,heavy,3,9,2026-11-20,2026-11-27",
            "u3" + u + ",light,super,3,11,2026-11-20,2026-11-27",
            ""),
        queryCsv(history, "music_segment_changes.sql"));

    // the same day again: its own partition is replaced, not added to
    runMusic(history, "--input=" + FIXTURE, "--snapshotDate=2026-11-27", "--topN=2");
    assertEquals(earlier, snapshotFiles(history, "2026-11-20"));
    assertEquals(
        "2026-11-20|4,2026-11-27|2",
        column(
            "SELECT concat_ws('|', snapshot_date, count(*)) FROM "
                + table(history, "top_tracks")
                + " GROUP BY snapshot_date ORDER BY snapshot_date"));
    assertEquals(
        "2026-11-20|5,2026-11-27|5",
        column(
            "SELECT concat_ws('|', snapshot_date, count(*)) FROM "
                + table(history, "user_segments")
                + " GROUP BY snapshot_date ORDER BY snapshot_date"));
    try (java.util.stream.Stream<Path> entries = Files.list(history)) {
      assertEquals(
          "no staging, journal or set-aside folder is left",
          List.of(),
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("_") && !n.equals("_SUMMARY.json"))
              .toList());
    }
  }

  @Test
  public void anOlderUnpartitionedTopListIsReplacedWhole() throws Exception {
    Path older = TMP.newFolder("older").toPath();
    Files.createDirectories(older.resolve("top_tracks"));
    Files.writeString(older.resolve("top_tracks/part-00000-of-00001.parquet"), "an older layout");
    runMusic(older, "--input=" + FIXTURE, "--snapshotDate=2026-11-27");
    assertEquals(
        List.of("snapshot_date=2026-11-27"),
        Files.list(older.resolve("top_tracks")).map(p -> p.getFileName().toString()).toList());
    assertEquals(4L, scalar("SELECT count(*) FROM " + table(older, "top_tracks")));
  }

  @Test
  public void missingInputsAreAClearUserError() {
    assertEquals(2, Main.run(List.of("music", "--output=" + out.resolve("x"))));
    assertEquals(
        2, Main.run(List.of("music", "--input=/nonexistent/dir", "--output=" + out.resolve("x"))));
    assertEquals(
        2,
        Main.run(
            List.of(
                "music",
                "--input=" + FIXTURE,
                "--tracks=" + FIXTURE + "/User_Listening_History.csv",
                "--output=" + out.resolve("x"),
                "--runner=DirectRunner")));
  }
}
