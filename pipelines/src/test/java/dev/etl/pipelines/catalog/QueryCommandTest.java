package dev.etl.pipelines.catalog;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.Main;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.music.MusicOptions;
import dev.etl.pipelines.music.MusicPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code ./etl query} on real outputs of both jobs (fixtures, direct runner): every query of
 * queries/ runs unchanged, and nothing but one SELECT over the given outputs runs at all.
 */
public class QueryCommandTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final Path QUERIES = Path.of("../queries").toAbsolutePath().normalize();
  static Path bank;
  static Path music;

  @BeforeClass
  public static void runJobs() throws Exception {
    bank = TMP.newFolder("bank").toPath();
    music = TMP.newFolder("music").toPath();
    BankPipeline.run(
        PipelineOptionsFactory.fromArgs(
                directRunner(
                    "--input="
                        + Path.of("../src/fixtures/bank/bank_transactions.csv")
                            .toAbsolutePath()
                            .normalize(),
                    "--output=" + bank))
            .as(BankOptions.class));
    MusicPipeline.run(
        PipelineOptionsFactory.fromArgs(
                directRunner(
                    "--input=" + Path.of("../src/fixtures/music").toAbsolutePath().normalize(),
                    "--output=" + music))
            .as(MusicOptions.class));
  }

  static String[] directRunner(String... args) throws java.io.IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--runner=DirectRunner");
    return RunnerProfiles.apply("DirectRunner", all).toArray(String[]::new);
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(List.of(args));
      return new Result(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static Result sql(String sql) {
    return run("query", "--bank=" + bank, "--music=" + music, "--sql=" + sql);
  }

  @Test
  public void everyQueryOfThePackRunsUnchanged() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(QUERIES)) {
      files = list.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
    assertTrue("the query pack is there", files.size() >= 10);
    for (Path file : files) {
      Result r =
          run("query", "--bank=" + bank, "--music=" + music, "--file=" + file, "--format=csv");
      assertEquals(file + ": " + r.err(), 0, r.code());
      assertFalse(file + " printed a header", r.out().isBlank());
    }
  }

  @Test
  public void aCopyOverThePublishedSummaryIsRefusedAndChangesNothing() throws Exception {
    Path summary = bank.resolve("_SUMMARY.json");
    byte[] before = Files.readAllBytes(summary);
    Result r = sql("COPY (SELECT 'x') TO '" + summary + "' (FORMAT csv)");
    assertEquals(2, r.code());
    assertThat(r.err(), startsWith("error: query runs only a read-only SELECT"));
    assertThat(
        r.err(),
        containsString("SELECT (WITH, VALUES and FROM ... included), not COPY; nothing was run"));
    assertArrayEquals(before, Files.readAllBytes(summary));
  }

  @Test
  public void aWriteBeforeASelectIsRefusedBeforeEitherRuns() throws Exception {
    Path target = bank.resolve("stolen.csv");
    Result r = sql("COPY (SELECT 1) TO '" + target + "'; SELECT 42");
    assertEquals(2, r.code());
    assertFalse(Files.exists(target));
    Result two = sql("SELECT 1; SELECT 2");
    assertEquals(2, two.code());
    assertThat(two.err(), containsString("this SQL holds 2 statements; nothing was run"));
  }

  @Test
  public void attachInstallAndSetAreRefused() throws Exception {
    Path db = bank.resolve("x.db");
    for (String statement :
        List.of(
            "ATTACH '" + db + "' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET enable_external_access = true",
            "PRAGMA version",
            "CREATE TABLE t AS SELECT 1")) {
      Result r = sql(statement);
      assertEquals(statement, 2, r.code());
      assertThat(statement, r.err(), containsString("nothing was run"));
    }
    assertFalse(Files.exists(db));
  }

  @Test
  public void filesOutsideTheGivenOutputsCannotBeRead() throws Exception {
    Result passwd = sql("SELECT * FROM read_csv('/etc/passwd')");
    assertEquals(2, passwd.code());
    assertThat(passwd.err(), containsString("Permission Error"));
    assertThat(passwd.out(), not(containsString("root:")));
    // only --bank given: the music output next to it is out of reach, also by "..", also by a glob
    for (String path :
        List.of(
            music.resolve("_SUMMARY.json").toString(),
            bank + "/../" + music.getFileName() + "/_SUMMARY.json",
            bank.getParent() + "/*/_SUMMARY.json")) {
      Result r =
          run(
              "query",
              "--bank=" + bank,
              "--sql=SELECT * FROM read_json_auto('" + path.replace("'", "''") + "')");
      assertEquals(path, 2, r.code());
      assertThat(path, r.err(), containsString("Permission Error"));
    }
    // a table function that runs a statement takes a SELECT only
    Result nested = sql("SELECT * FROM query('COPY (SELECT 1) TO ''" + bank + "/q.csv''')");
    assertEquals(2, nested.code());
    assertFalse(Files.exists(bank.resolve("q.csv")));
  }

  @Test
  public void readsInsideTheOutputAndTheCatalogNamesStillWork() throws Exception {
    Result r =
        sql(
            "WITH s AS (SELECT job FROM read_json_auto('"
                + bank
                + "/_SUMMARY.json')) SELECT s.job, (SELECT count(*) FROM db_banks.customers) > 0 AS any FROM s");
    assertEquals(r.err(), 0, r.code());
    assertThat(r.out(), containsString("bank"));
    assertEquals(0, sql("FROM db_songs.tracks LIMIT 1").code());
    assertEquals(0, sql("VALUES (1), (2)").code());
  }

  @Test
  public void aSyntaxErrorIsOneSentence() {
    Result r = sql("SELEC 1");
    assertEquals(2, r.code());
    assertThat(r.err(), startsWith("error: the query failed: Parser Error: syntax error"));
  }
}
