package dev.etl.pipelines.music;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.query;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.common.RunReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The runner ./etl uses for full-size data: on the embedded Spark runner the music job must write
 * exactly the tables, dead letters and figures of the direct runner, on the fixture and on the
 * generated sample (which has every defect kind and enough rows for several bundles).
 */
public class MusicPipelineSparkTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  static final List<String> FIGURES =
      List.of("tracks_read", "tracks_clean", "track_duplicates_removed", "tracks_rejected", "tracks_rejected_by_reason",
          "listens_read", "listens_clean", "listen_duplicates_removed", "listens_merged", "listens_rejected",
          "listens_rejected_by_reason", "users", "segment_boundaries", "users_by_segment");

  static final List<String> TABLES =
      List.of("tracks", "listens", "top_tracks", "top_artists", "top_genres", "user_top_tracks", "user_segments");

  @Test
  public void fixtureGivesTheSameResultOnSparkAndDirect() throws Exception {
    compare(MusicPipelineEndToEndTest.FIXTURE);
  }

  @Test
  public void sampleGivesTheSameResultOnSparkAndDirect() throws Exception {
    compare(Path.of("../src/sample/music").toAbsolutePath().normalize());
  }

  private static void compare(Path input) throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    Path direct = TMP.newFolder().toPath();
    Path spark = TMP.newFolder().toPath();
    // the direct runner's profile settings: its immutability check (kept on in the other tests)
    // walks the graph per bundle and would take minutes on the 30,000-line sample
    RunReport directReport =
        MusicPipelineEndToEndTest.runMusic(direct, "--input=" + input, "--buckets=4", "--enforceImmutability=false");
    RunReport sparkReport =
        MusicPipelineEndToEndTest.runMusic(spark, "--input=" + input, "--runner=SparkRunner", "--sparkMaster=local[2]", "--buckets=7");
    assertTrue(sparkReport.reconciled());
    assertEquals("SparkRunner", sparkReport.summary().get("runner"));
    for (String figure : FIGURES) {
      assertEquals(figure, directReport.summary().get(figure), sparkReport.summary().get(figure));
    }
    for (String name : TABLES) {
      sameRows("read_parquet('%s/" + name + "/*.parquet')", direct, spark);
    }
    sameRows("read_json_auto('%s/rejected/*.jsonl')", direct, spark);
  }

  private static void sameRows(String table, Path direct, Path spark) throws Exception {
    String a = String.format(table, direct);
    String b = String.format(table, spark);
    assertEquals(
        table + ": only on the direct runner: " + query("SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + " LIMIT 5"),
        0L,
        scalar("SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + ")"));
    assertEquals(
        table + ": only on Spark: " + query("SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + " LIMIT 5"),
        0L,
        scalar("SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + ")"));
    assertTrue(table, (Long) scalar("SELECT count(*) FROM " + b) > 0);
  }
}
