package dev.etl.pipelines.catalog;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import dev.etl.pipelines.Main;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.music.MusicPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** ./etl catalog's checks and rendering, on a hand-made output folder (no job run needed). */
public class CatalogCommandTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** A bank output as the job lays it out: summary, every table folder, date partitions. */
  private Path bankOutput() throws Exception {
    Path out = tmp.newFolder("bank").toPath();
    Files.writeString(out.resolve("_SUMMARY.json"), "{\"job\" : \"bank\"}");
    for (PublishedTable table : BankPipeline.TABLES) {
      Path folder = Files.createDirectories(out.resolve(table.name()));
      if (table.partitioned()) {
        for (String day : List.of("2016-09-30", "2016-08-02", "2016-10-21")) {
          Files.writeString(
              Files.createDirectories(folder.resolve("transaction_date=" + day))
                  .resolve("part-0.parquet"),
              "");
        }
      } else {
        Files.writeString(
            folder.resolve(
                "part-0"
                    + (table.format() == PublishedTable.Format.PARQUET ? ".parquet" : ".jsonl")),
            "");
      }
    }
    return out;
  }

  private record Result(int code, String err) {}

  private static Result run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Result(Main.run(List.of(args)), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  public void writesEveryEngineFileFromTheWriterSchemas() throws Exception {
    Path out = bankOutput();
    Path catalog = tmp.getRoot().toPath().resolve("catalog");
    assertEquals(
        0, run("catalog", "--job=bank", "--location=" + out, "--output=" + catalog).code());
    String athena = Files.readString(catalog.resolve("athena/db_banks.transactions.sql"));
    assertThat(
        athena, containsString("CREATE EXTERNAL TABLE IF NOT EXISTS `db_banks`.`transactions` ("));
    assertThat(athena, containsString("`customer_dob` date,"));
    assertThat(athena, containsString("PARTITIONED BY (`transaction_date` date)"));
    // the partition column is only a partition key
    assertThat(
        athena.substring(0, athena.indexOf("PARTITIONED")),
        not(containsString("`transaction_date`")));
    assertThat(athena, containsString("'projection.transaction_date.range' = '2016-08-02,NOW'"));
    assertThat(
        athena,
        containsString(
            "'storage.location.template' = 'file://"
                + out
                + "/transactions/transaction_date=${transaction_date}/'"));
    assertThat(athena, containsString("-- MSCK REPAIR TABLE `db_banks`.`transactions`;"));
    String rejected = Files.readString(catalog.resolve("athena/db_banks.rejected.sql"));
    assertThat(rejected, containsString("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'"));
    assertThat(rejected, containsString("`position` bigint"));
    String glue = Files.readString(catalog.resolve("glue/db_banks.transactions.json"));
    assertThat(glue, containsString("\"TableType\" : \"EXTERNAL_TABLE\""));
    assertThat(glue, containsString("\"classification\" : \"parquet\""));
    assertThat(
        glue,
        containsString(
            "\"PartitionKeys\" : [ {\n    \"Name\" : \"transaction_date\",\n    \"Type\" : \"date\""));
    assertThat(
        Files.readString(catalog.resolve("glue/db_banks.database.json")),
        containsString("\"Name\" : \"db_banks\""));
    String trino = Files.readString(catalog.resolve("trino/db_banks.transactions.sql"));
    assertThat(trino, containsString("external_location = 'local://" + out + "/transactions/'"));
    assertThat(trino, containsString("partition_projection_range = ARRAY['2016-08-02', 'NOW']"));
  }

  @Test
  public void customDatabaseNameAndBadOnesRefused() throws Exception {
    Path out = bankOutput();
    Path catalog = tmp.getRoot().toPath().resolve("catalog");
    assertEquals(
        0,
        run(
                "catalog",
                "--job=bank",
                "--location=" + out,
                "--output=" + catalog,
                "--database=bank_prod")
            .code());
    assertThat(
        Files.readString(catalog.resolve("athena/bank_prod.customers.sql")),
        containsString("`bank_prod`.`customers`"));
    Result hyphen =
        run(
            "catalog",
            "--job=bank",
            "--location=" + out,
            "--output=" + catalog,
            "--database=db-banks");
    assertEquals(2, hyphen.code());
    assertThat(hyphen.err(), containsString("no hyphens"));
  }

  @Test
  public void badInputIsOneSentenceAndExitCode2() throws Exception {
    Path out = bankOutput();
    String catalog = "--output=" + tmp.getRoot().toPath().resolve("catalog");
    Result job = run("catalog", "--job=jazz", "--location=" + out, catalog);
    assertEquals(2, job.code());
    assertThat(job.err(), containsString("unknown job 'jazz'"));
    Result empty = run("catalog", "--job=bank", "--location=" + tmp.newFolder("empty"), catalog);
    assertEquals(2, empty.code());
    assertThat(empty.err(), containsString("no bank job output at"));
    Result other = run("catalog", "--job=music", "--location=" + out, catalog);
    assertEquals(2, other.code());
    assertThat(
        other.err(), containsString("holds the output of the 'bank' job, not of the music job"));
    deleteTree(out.resolve("customer_segments"));
    Result missing = run("catalog", "--job=bank", "--location=" + out, catalog);
    assertEquals(2, missing.code());
    assertThat(missing.err(), containsString("has no customer_segments/ folder"));
    assertThat(missing.err(), not(containsString("Exception")));
  }

  /** A music output as the job lays it out: the snapshot tables with two snapshot_date days. */
  private Path musicOutput() throws Exception {
    Path out = tmp.newFolder("music").toPath();
    Files.writeString(out.resolve("_SUMMARY.json"), "{\"job\" : \"music\"}");
    for (PublishedTable table : MusicPipeline.TABLES) {
      Path folder = Files.createDirectories(out.resolve(table.name()));
      if (table.partitioned()) {
        for (String day : List.of("2026-11-27", "2026-11-20")) {
          Files.writeString(
              Files.createDirectories(folder.resolve("snapshot_date=" + day))
                  .resolve("part-0.parquet"),
              "");
        }
      } else {
        Files.writeString(folder.resolve("part-0.x"), "");
      }
    }
    return out;
  }

  @Test
  public void theMusicSnapshotTablesAreProjectedFromTheirFirstSnapshot() throws Exception {
    Path out = musicOutput();
    Path catalog = tmp.getRoot().toPath().resolve("catalog");
    assertEquals(
        0, run("catalog", "--job=music", "--location=" + out, "--output=" + catalog).code());
    for (String table : List.of("top_tracks", "top_artists", "top_genres", "user_segments")) {
      String athena = Files.readString(catalog.resolve("athena/db_songs." + table + ".sql"));
      assertThat(athena, containsString("PARTITIONED BY (`snapshot_date` date)"));
      assertThat(athena, containsString("'projection.snapshot_date.range' = '2026-11-20,NOW'"));
      assertThat(
          athena,
          containsString(
              "'storage.location.template' = 'file://"
                  + out
                  + "/"
                  + table
                  + "/snapshot_date=${snapshot_date}/'"));
      assertThat(
          Files.readString(catalog.resolve("glue/db_songs." + table + ".json")),
          containsString("\"Name\" : \"snapshot_date\",\n    \"Type\" : \"date\""));
      assertThat(
          Files.readString(catalog.resolve("trino/db_songs." + table + ".sql")),
          containsString("partitioned_by = ARRAY['snapshot_date']"));
    }
    assertThat(
        Files.readString(catalog.resolve("athena/db_songs.listens.sql")),
        not(containsString("PARTITIONED BY")));
  }

  /** The raw zone: one folder per table, each with a file carrying the expected header. */
  private Path rawZone() throws Exception {
    Path raw = tmp.newFolder("raw").toPath();
    Files.createDirectories(raw.resolve("kg_data_bank"));
    Files.writeString(
        raw.resolve("kg_data_bank/day-1.csv"),
        "\uFEFF" + String.join(",", dev.etl.transforms.bank.BankCsv.HEADER) + "\r\nT1,C1\r\n");
    Files.createDirectories(raw.resolve("music_info"));
    Files.writeString(
        raw.resolve("music_info/Music_Info.csv"),
        String.join(",", dev.etl.transforms.music.MusicCsv.TRACKS_HEADER) + "\n");
    Files.createDirectories(raw.resolve("user_listening"));
    Files.writeString(
        raw.resolve("user_listening/User_Listening_History.csv"), "track_id,user_id,playcount\n");
    return raw;
  }

  @Test
  public void theRawZoneIsCsvWithEveryColumnTextAndSqlSafeNames() throws Exception {
    Path out = bankOutput();
    Path raw = rawZone();
    Path catalog = tmp.getRoot().toPath().resolve("catalog");
    assertEquals(
        0,
        run("catalog", "--job=bank", "--location=" + out, "--output=" + catalog, "--raw=" + raw)
            .code());
    String athena = Files.readString(catalog.resolve("athena/db_banks.kg_data_bank.sql"));
    assertThat(
        athena, containsString("CREATE EXTERNAL TABLE IF NOT EXISTS `db_banks`.`kg_data_bank` ("));
    assertThat(athena, containsString("`transactionid` string COMMENT 'TransactionID',"));
    assertThat(
        athena, containsString("`transactionamount_inr` string COMMENT 'TransactionAmount (INR)'"));
    assertThat(
        athena, containsString("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'"));
    assertThat(athena, containsString("'skip.header.line.count' = '1'"));
    assertThat(athena, containsString("LOCATION 'file://" + raw + "/kg_data_bank/'"));
    assertThat(athena, not(containsString(" int")));
    String glue = Files.readString(catalog.resolve("glue/db_banks.kg_data_bank.json"));
    assertThat(glue, containsString("\"classification\" : \"csv\""));
    assertThat(
        glue,
        containsString(
            "\"SerializationLibrary\" : \"org.apache.hadoop.hive.serde2.OpenCSVSerde\""));
    String trino = Files.readString(catalog.resolve("trino/db_banks.kg_data_bank.sql"));
    assertThat(trino, containsString("format = 'CSV'"));
    assertThat(trino, containsString("skip_header_line_count = 1"));
    assertThat(
        trino, containsString("\"custaccountbalance\" varchar COMMENT 'CustAccountBalance'"));
    // the bank job's catalog holds only the bank's raw table
    assertFalse(Files.exists(catalog.resolve("athena/db_banks.music_info.sql")));
    assertEquals("transactionamount_inr", RawZone.sqlSafe("TransactionAmount (INR)"));
    assertEquals("col_2nd_name", RawZone.sqlSafe(" 2nd Name "));

    Path music = musicOutput();
    assertEquals(
        0,
        run("catalog", "--job=music", "--location=" + music, "--output=" + catalog, "--raw=" + raw)
            .code());
    assertThat(
        Files.readString(catalog.resolve("trino/db_songs.user_listening.sql")),
        containsString("external_location = 'local://" + raw + "/user_listening/'"));
    assertThat(
        Files.readString(catalog.resolve("athena/db_songs.music_info.sql")),
        containsString("`time_signature` string\n)"));
  }

  @Test
  public void aRawZoneWithoutTheTablesFolderOrWithAnotherFileIsOneSentence() throws Exception {
    Path out = bankOutput();
    Path raw = rawZone();
    String catalog = "--output=" + tmp.getRoot().toPath().resolve("catalog");
    deleteTree(raw.resolve("kg_data_bank"));
    Result missing = run("catalog", "--job=bank", "--location=" + out, catalog, "--raw=" + raw);
    assertEquals(2, missing.code());
    assertThat(missing.err(), containsString("has no file in kg_data_bank/"));
    assertEquals(missing.err(), 1, missing.err().strip().lines().count());
    Files.createDirectories(raw.resolve("kg_data_bank"));
    Files.writeString(
        raw.resolve("kg_data_bank/planted_suspicious.tsv"), "transaction_id\treason\n");
    Result other = run("catalog", "--job=bank", "--location=" + out, catalog, "--raw=" + raw);
    assertEquals(2, other.code());
    assertThat(other.err(), containsString("Unexpected header in"));
    assertThat(other.err(), containsString("planted_suspicious.tsv"));
    assertThat(other.err(), not(containsString("Exception")));
  }

  @Test
  public void typesMapExactlyPerEngine() {
    Schema date = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
    Schema nullableInt = SchemaBuilder.unionOf().nullType().and().intType().endUnion();
    Schema strings = Schema.createArray(Schema.create(Schema.Type.STRING));
    assertEquals("int", SqlDialect.HIVE.typeOf(nullableInt));
    assertEquals("bigint", SqlDialect.HIVE.typeOf(Schema.create(Schema.Type.LONG)));
    assertEquals("date", SqlDialect.HIVE.typeOf(date));
    assertEquals("double", SqlDialect.HIVE.typeOf(Schema.create(Schema.Type.DOUBLE)));
    assertEquals("string", SqlDialect.HIVE.typeOf(Schema.create(Schema.Type.STRING)));
    assertEquals("array<string>", SqlDialect.HIVE.typeOf(strings));
    assertEquals("integer", SqlDialect.TRINO.typeOf(nullableInt));
    assertEquals("array(varchar)", SqlDialect.TRINO.typeOf(strings));
    assertEquals("VARCHAR[]", SqlDialect.DUCKDB.typeOf(strings));
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
