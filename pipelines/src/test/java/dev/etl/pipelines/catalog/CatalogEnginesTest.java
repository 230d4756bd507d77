package dev.etl.pipelines.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.EngineTest;
import dev.etl.pipelines.Main;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.music.MusicOptions;
import dev.etl.pipelines.music.MusicPipeline;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The consumption layer against real engines. Both jobs run on the fixtures (direct runner), {@code
 * ./etl catalog} writes the catalog of each, then:
 *
 * <ul>
 *   <li>a real Trino 476 server (the engine under Athena v3) registers every table with the
 *       generated trino/ DDL (partition projection for transactions), reads every table back equal
 *       to DuckDB, and runs every query of queries/ with the same rows as DuckDB over the same
 *       Parquet;
 *   <li>Spark SQL with Hive support (a real Hive DDL parser, embedded Derby metastore) executes the
 *       generated athena/ DDL text, the MSCK REPAIR alternative it carries as a comment, and reads
 *       every table in full.
 * </ul>
 */
@Category(EngineTest.class)
public class CatalogEnginesTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final Path QUERIES = Path.of("../queries").toAbsolutePath().normalize();
  static final Map<Job, Path> OUTPUT = new java.util.EnumMap<>(Job.class);
  static Path catalog;
  static Path raw;
  static final Map<String, Path> RAW_FILES = new java.util.TreeMap<>();
  static Connection duckdb;

  private static Path copy(Path file, Path folder) throws java.io.IOException {
    Files.createDirectories(folder);
    return Files.copy(file.toAbsolutePath().normalize(), folder.resolve(file.getFileName()));
  }

  /** The lines after the header, blank ones included: what a line-based CSV table reads. */
  static long dataLines(Path file) throws java.io.IOException {
    return Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).size() - 1;
  }

  @BeforeClass
  public static void runJobsAndCatalog() throws Exception {
    Path bank = TMP.newFolder("bank").toPath();
    Path music = TMP.newFolder("music").toPath();
    // the fixtures (bad lines included) on the direct runner's shipped profile, as ./etl runs it
    BankPipeline.run(
        PipelineOptionsFactory.fromArgs(
                directRunner(
                    "--input="
                        + Path.of("../src/fixtures/bank/bank_transactions.csv")
                            .toAbsolutePath()
                            .normalize(),
                    "--output=" + bank))
            .as(BankOptions.class));
    // two weekly snapshots, so that the movers and segment-change queries have rows
    Path musicFixture = Path.of("../src/fixtures/music").toAbsolutePath().normalize();
    MusicPipeline.run(
        PipelineOptionsFactory.fromArgs(
                directRunner(
                    "--tracks=" + musicFixture.resolve(MusicPipeline.TRACKS_FILE),
                    "--listens="
                        + Path.of("../src/fixtures/music_previous_week")
                            .resolve(MusicPipeline.LISTENS_FILE)
                            .toAbsolutePath()
                            .normalize(),
                    "--snapshotDate=2026-11-20",
                    "--output=" + music))
            .as(MusicOptions.class));
    MusicPipeline.run(
        PipelineOptionsFactory.fromArgs(
                directRunner(
                    "--input=" + musicFixture, "--snapshotDate=2026-11-27", "--output=" + music))
            .as(MusicOptions.class));
    // the raw zone: the fixtures (bad lines, BOM, CRLF and all), one folder per table
    raw = TMP.newFolder("raw").toPath();
    RAW_FILES.put(
        "kg_data_bank",
        copy(Path.of("../src/fixtures/bank/bank_transactions.csv"), raw.resolve("kg_data_bank")));
    RAW_FILES.put(
        "music_info",
        copy(musicFixture.resolve(MusicPipeline.TRACKS_FILE), raw.resolve("music_info")));
    RAW_FILES.put(
        "user_listening",
        copy(musicFixture.resolve(MusicPipeline.LISTENS_FILE), raw.resolve("user_listening")));
    OUTPUT.put(Job.BANK, bank);
    OUTPUT.put(Job.MUSIC, music);
    catalog = TMP.newFolder("catalog").toPath();
    for (Job job : Job.values()) {
      assertEquals(
          0,
          Main.run(
              List.of(
                  "catalog",
                  "--job=" + job.jobName(),
                  "--location=" + OUTPUT.get(job),
                  "--output=" + catalog,
                  "--raw=" + raw)));
    }
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    for (Job job : Job.values()) {
      DuckDbViews.create(duckdb, job, JobOutput.at(job, OUTPUT.get(job).toString()));
    }
  }

  private static String[] directRunner(String... args) throws java.io.IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--runner=DirectRunner");
    return RunnerProfiles.apply("DirectRunner", all).toArray(String[]::new);
  }

  @AfterClass
  public static void closeDuckDb() throws SQLException {
    if (duckdb != null) {
      duckdb.close();
    }
  }

  @Test
  public void everyFolderAJobWritesIsInItsCatalog() throws Exception {
    for (Job job : Job.values()) {
      TreeSet<String> folders;
      try (Stream<Path> files = Files.list(OUTPUT.get(job))) {
        folders =
            files
                .filter(Files::isDirectory)
                .map(p -> p.getFileName().toString())
                .filter(name -> !name.startsWith("_"))
                .collect(Collectors.toCollection(TreeSet::new));
      }
      assertEquals(
          folders,
          job.tables().stream()
              .map(PublishedTable::name)
              .collect(Collectors.toCollection(TreeSet::new)));
      for (PublishedTable table : job.tables()) {
        for (String engine : List.of("athena", "trino")) {
          assertTrue(
              Files.exists(
                  catalog.resolve(
                      engine + "/" + job.defaultDatabase() + "." + table.name() + ".sql")));
        }
        assertTrue(
            Files.exists(
                catalog.resolve("glue/" + job.defaultDatabase() + "." + table.name() + ".json")));
      }
    }
  }

  @Test
  public void trinoRunsTheGeneratedDdlAndEveryQueryOfThePackAsDuckDbDoes() throws Exception {
    try (TrinoServer trino = TrinoServer.start(TMP.newFolder("trino").toPath());
        Connection db = trino.connect()) {
      for (Job job : Job.values()) {
        execute(db, catalog.resolve("trino/" + job.defaultDatabase() + ".schema.sql"));
        for (PublishedTable table : job.tables()) {
          execute(
              db, catalog.resolve("trino/" + job.defaultDatabase() + "." + table.name() + ".sql"));
        }
      }
      trino.awaitNodesFor(db, "SELECT count(*) FROM db_banks.transactions");
      for (Job job : Job.values()) {
        for (PublishedTable table : job.tables()) {
          String name = job.defaultDatabase() + "." + table.name();
          int columns = table.schema().getFields().size() + (table.partitioned() ? 1 : 0);
          String all =
              "SELECT * FROM "
                  + name
                  + " ORDER BY "
                  + String.join(
                      ", ",
                      java.util.stream.IntStream.rangeClosed(1, columns)
                          .mapToObj(Integer::toString)
                          .toList());
          List<List<Object>> expected = rows(duckdb, all);
          assertFalse(
              name + " is empty in DuckDB", expected.isEmpty() && !table.name().equals("rejected"));
          assertSameRows(name, expected, rows(db, all));
        }
      }
      // the raw zone: every line of each raw file is a row, every column text
      for (RawZone.RawTable table : RawZone.TABLES) {
        String name = table.job().defaultDatabase() + "." + table.name();
        execute(db, catalog.resolve("trino/" + name + ".sql"));
        assertEquals(
            name,
            List.of(List.of("n"), List.of(new BigDecimal(dataLines(RAW_FILES.get(table.name()))))),
            rows(db, "SELECT count(*) AS n FROM " + name));
      }
      assertEquals(
          "quotes, commas and doubled quotes as a CSV reader reads them",
          List.of(List.of("name", "tags"), List.of("Hello, \"World\"", "rock, indie_rock")),
          rows(
              db,
              "SELECT name, tags FROM db_songs.music_info"
                  + " WHERE track_id = 'TRAAAAA128F9310E51' AND year = '1999' LIMIT 1"));
      assertEquals(
          List.of(List.of("transactionamount_inr"), List.of("27999")),
          rows(
              db,
              "SELECT transactionamount_inr FROM db_banks.kg_data_bank"
                  + " WHERE transactionid = 'T2' AND customerdob = '4/4/57'"
                  + " ORDER BY 1 LIMIT 1"));
      List<Path> pack = queryPack();
      assertTrue("the query pack has the issue's questions", pack.size() >= 11);
      for (Path query : pack) {
        String sql = stripSemicolon(Files.readString(query));
        List<List<Object>> expected = rows(duckdb, sql);
        assertFalse(query.getFileName() + " returns no rows on the fixtures", expected.size() <= 1);
        assertSameRows(query.getFileName().toString(), expected, rows(db, sql));
      }
    }
  }

  @Test
  public void sparkHiveExecutesTheAthenaDdlAndItsMsckRepair() throws Exception {
    Path work = TMP.newFolder("spark").toPath();
    // the embedded metastore's Derby writes derby.log into the working directory otherwise
    System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("athena-ddl-check")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.sql.warehouse.dir", work.resolve("warehouse").toString())
            // Athena has no ${...} variable substitution: storage.location.template must stay as
            // written
            .config("spark.sql.variable.substitute", "false")
            .config(
                "javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + work.resolve("metastore_db") + ";create=true")
            .enableHiveSupport()
            .getOrCreate();
    try {
      for (Job job : Job.values()) {
        for (String statement :
            statements(
                Files.readString(
                    catalog.resolve("athena/" + job.defaultDatabase() + ".database.sql")))) {
          spark.sql(statement);
        }
        for (PublishedTable table : job.tables()) {
          String name = job.defaultDatabase() + "." + table.name();
          String ddl = Files.readString(catalog.resolve("athena/" + name + ".sql"));
          List<String> statements = statements(ddl);
          assertEquals(name, 1, statements.size());
          if (table.format() != PublishedTable.Format.PARQUET) {
            // Hive's metastore refuses a table whose SerDe class it cannot load, and Athena's OpenX
            // JSON
            // SerDe is not published to Maven: the DDL goes through Spark's Hive DDL parser only,
            // and the
            // folder it names is read as JSON lines (Trino executes this DDL in the other test)
            spark.sessionState().sqlParser().parsePlan(statements.get(0));
            java.util.regex.Matcher location =
                java.util.regex.Pattern.compile("LOCATION\\s+'([^']+)'").matcher(ddl);
            assertTrue(name + " names its location", location.find());
            long expected =
                ((java.math.BigDecimal) rows(duckdb, "SELECT count(*) FROM " + name).get(1).get(0))
                    .longValue();
            assertEquals(name, expected, spark.read().json(location.group(1)).count());
            continue;
          }
          spark.sql(statements.get(0));
          if (table.partitioned()) {
            String repair =
                Arrays.stream(ddl.split("\n"))
                    .filter(l -> l.startsWith("-- MSCK REPAIR TABLE"))
                    .findFirst()
                    .orElseThrow()
                    .substring(3)
                    .replace(";", "");
            spark.sql(repair);
          }
          long expected =
              ((java.math.BigDecimal) rows(duckdb, "SELECT count(*) FROM " + name).get(1).get(0))
                  .longValue();
          // every column decoded with the declared types, not just a footer count
          assertEquals(name, expected, spark.sql("SELECT * FROM " + name).collectAsList().size());
        }
      }
      assertTrue(spark.sql("SHOW PARTITIONS db_banks.transactions").count() > 1);
      assertEquals(2, spark.sql("SHOW PARTITIONS db_songs.top_tracks").count());
      // the raw zone's DDL on Hive's own OpenCSVSerde: a row per data line
      for (RawZone.RawTable table : RawZone.TABLES) {
        String name = table.job().defaultDatabase() + "." + table.name();
        List<String> statements =
            statements(Files.readString(catalog.resolve("athena/" + name + ".sql")));
        assertEquals(name, 1, statements.size());
        spark.sql(statements.get(0));
        // Spark's Hive reader hands the header line back as a row (it does not apply
        // skip.header.line.count, which Athena and Trino do): every other row is a data line
        long dataRows =
            spark.sql("SELECT * FROM " + name).collectAsList().stream()
                .filter(row -> !table.header().get(1).equals(row.getString(1)))
                .count();
        assertEquals(name, dataLines(RAW_FILES.get(table.name())), dataRows);
      }
    } finally {
      spark.stop();
    }
  }

  static List<Path> queryPack() throws Exception {
    try (Stream<Path> files = Files.list(QUERIES)) {
      return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
  }

  /** The statements of a SQL file; chunks holding only comments are dropped. */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    for (String chunk : sql.split(";\\s*(\n|$)")) {
      boolean onlyComments =
          Arrays.stream(chunk.split("\n")).allMatch(l -> l.isBlank() || l.strip().startsWith("--"));
      if (!onlyComments) {
        statements.add(chunk.strip());
      }
    }
    return statements;
  }

  private static String stripSemicolon(String sql) {
    return sql.strip().replaceAll(";$", "");
  }

  private static void execute(Connection db, Path file) throws Exception {
    for (String statement : statements(Files.readString(file))) {
      try (Statement st = db.createStatement()) {
        st.execute(statement);
      } catch (SQLException e) {
        throw new AssertionError(
            file.getFileName() + " failed on Trino: " + e.getMessage() + "\n" + statement, e);
      }
    }
  }

  static List<List<Object>> rows(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      List<Object> header = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        header.add(meta.getColumnLabel(i).toLowerCase());
      }
      rows.add(header);
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(normalize(rs.getObject(i)));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** Engine-neutral values: numbers as BigDecimal, dates as ISO text, arrays as lists. */
  private static Object normalize(Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    if (value instanceof Number) {
      return new BigDecimal(value.toString());
    }
    if (value instanceof Array array) {
      List<Object> elements = new ArrayList<>();
      for (Object element : (Object[]) array.getArray()) {
        elements.add(normalize(element));
      }
      return elements;
    }
    if (value instanceof List<?> list) {
      List<Object> elements = new ArrayList<>();
      for (Object element : list) {
        elements.add(normalize(element));
      }
      return elements;
    }
    return value.toString();
  }

  /**
   * Same header, same rows in the same order; decimals may differ by the last cent of a rounded
   * sum.
   */
  static void assertSameRows(String label, List<List<Object>> expected, List<List<Object>> actual) {
    assertEquals(label + ": columns", expected.get(0), actual.get(0));
    assertEquals(label + ": rows", expected.size(), actual.size());
    for (int r = 1; r < expected.size(); r++) {
      List<Object> e = expected.get(r);
      List<Object> a = actual.get(r);
      for (int c = 0; c < e.size(); c++) {
        Object x = e.get(c);
        Object y = a.get(c);
        boolean same =
            x instanceof BigDecimal bx && y instanceof BigDecimal by
                ? bx.subtract(by)
                        .abs()
                        .compareTo(
                            new BigDecimal("0.011").max(bx.abs().multiply(new BigDecimal("1e-12"))))
                    <= 0
                : java.util.Objects.equals(x, y);
        assertTrue(label + ": row " + r + " DuckDB " + e + " vs Trino " + a, same);
      }
    }
  }
}
