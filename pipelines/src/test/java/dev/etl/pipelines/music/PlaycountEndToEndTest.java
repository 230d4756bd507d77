package dev.etl.pipelines.music;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import dev.etl.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Playcounts up to BIGINT's maximum are kept exactly (read back with DuckDB); a total beyond it
 * stops the run with one sentence and publishes nothing, never a wrapped-around sum.
 */
public class PlaycountEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  static final Path MUSIC_FIXTURE = Path.of("../src/fixtures/music").toAbsolutePath().normalize();

  private Path inputWith(String... lines) throws Exception {
    Path in = tmp.newFolder().toPath();
    try (Stream<Path> files = Files.list(MUSIC_FIXTURE)) {
      for (Path f : files.toList()) {
        Files.copy(f, in.resolve(f.getFileName()));
      }
    }
    String track = Files.readAllLines(in.resolve(MusicPipeline.TRACKS_FILE)).get(1).split(",")[0];
    StringBuilder extra = new StringBuilder();
    for (String line : lines) {
      extra.append(line.replace("TRACK", track)).append('\n');
    }
    Files.writeString(
        in.resolve(MusicPipeline.LISTENS_FILE), extra.toString(), StandardOpenOption.APPEND);
    return in;
  }

  private static int run(Path in, Path out, StringBuilder err) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return Main.run(
          List.of(
              "music",
              "--input=" + in,
              "--output=" + out,
              "--runner=DirectRunner",
              "--buckets=4",
              "--quiet"));
    } finally {
      System.setErr(original);
      err.append(captured.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  public void largePlaycountsAreKeptExactly() throws Exception {
    Path in = inputWith("TRACK,u_big,1000000000", "TRACK,u_huge,4611686018427387904");
    Path out = tmp.newFolder("out").toPath();
    StringBuilder err = new StringBuilder();
    assertEquals(err.toString(), 0, run(in, out, err));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT user_id, playcount FROM read_parquet('"
                    + out
                    + "/listens/*.parquet') WHERE user_id IN ('u_big', 'u_huge') ORDER BY user_id")) {
      rs.next();
      assertEquals("u_big", rs.getString(1));
      assertEquals(1_000_000_000L, rs.getLong(2));
      rs.next();
      assertEquals("u_huge", rs.getString(1));
      assertEquals(4_611_686_018_427_387_904L, rs.getLong(2));
    }
  }

  @Test
  public void aTotalBeyondBigintPublishesNothing() throws Exception {
    Path in = inputWith("TRACK,u_max,9223372036854775807", "TRACK,u_big,1000000000");
    Path out = tmp.newFolder("over").toPath();
    StringBuilder err = new StringBuilder();
    assertEquals(err.toString(), 2, run(in, out, err));
    assertThat(
        err.toString(),
        containsString("error: a total went beyond the BIGINT maximum 9223372036854775807"));
    assertFalse(Files.exists(out.resolve("_SUMMARY.json")));
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList()); // no staging, no lock
    }
  }
}
