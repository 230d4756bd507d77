package dev.etl.pipelines.common;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.query;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Rows "folder:id" written per folder every minute of processing time and at the drain; files of
 * the job's stem that the state does not know (what a killed job wrote after its checkpoint) are
 * replaced, other stems' files stay.
 */
public class ReplaySafeParquetTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static final Schema ROW = SchemaBuilder.record("row").fields().requiredString("id").endRecord();

  static GenericRecord record(String row) {
    GenericRecord r = new GenericData.Record(ROW);
    r.put("id", row.substring(row.indexOf(':') + 1));
    return r;
  }

  private Path write(String stem, TestStream<String> rows) throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("table");
    p.apply(rows)
        .apply(
            ReplaySafeParquet.partitioned(
                dir.toString(),
                "f",
                (String row) -> row.substring(0, row.indexOf(':')),
                ReplaySafeParquetTest::record,
                ROW,
                stem,
                Duration.standardMinutes(1)));
    p.run().waitUntilFinish();
    return dir;
  }

  private static TreeSet<String> ids(Path dir) throws Exception {
    TreeSet<String> ids = new TreeSet<>();
    for (Map<String, Object> row :
        query("SELECT f || ':' || id AS row FROM read_parquet('" + dir + "/*/*.parquet')")) {
      assertTrue("each row once: " + row, ids.add((String) row.get("row")));
    }
    return ids;
  }

  @Test
  public void writesEachFolderEveryIntervalAndAtTheDrain() throws Exception {
    TestStream<String> rows =
        TestStream.create(StringUtf8Coder.of())
            .addElements("a:1", "a:2", "b:1")
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements("a:3")
            .advanceWatermarkToInfinity();
    Path dir = write("part-x", rows);
    assertEquals(new TreeSet<>(List.of("a:1", "a:2", "a:3", "b:1")), ids(dir));
    assertTrue(Files.exists(dir.resolve("f=a/part-x-0.parquet")));
    assertTrue(Files.exists(dir.resolve("f=a/part-x-1.parquet")));
    assertTrue(Files.exists(dir.resolve("f=b/part-x-0.parquet")));
  }

  @Test
  public void replacesTheFilesOfItsStemThatItsStateDoesNotKnow() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("table");
    // a killed job of the same stem wrote a:1 after the checkpoint (which knew no folder a);
    // another job's file stays
    Path killed = tmp.newFolder("killed").toPath();
    TestPipeline first = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    first
        .apply(
            TestStream.create(StringUtf8Coder.of())
                .addElements("a:1", "c:9")
                .advanceWatermarkToInfinity())
        .apply(
            ReplaySafeParquet.partitioned(
                killed.toString(),
                "f",
                (String row) -> row.substring(0, row.indexOf(':')),
                ReplaySafeParquetTest::record,
                ROW,
                "part-x",
                Duration.standardMinutes(1)));
    first.run().waitUntilFinish();
    Files.createDirectories(dir.resolve("f=a"));
    Files.copy(killed.resolve("f=a/part-x-0.parquet"), dir.resolve("f=a/part-x-0.parquet"));
    Files.copy(killed.resolve("f=a/part-x-0.parquet"), dir.resolve("f=a/.part-x-1.parquet.tmp"));
    Files.createDirectories(dir.resolve("f=c"));
    Files.copy(killed.resolve("f=c/part-x-0.parquet"), dir.resolve("f=c/part-y-0.parquet"));

    TestStream<String> replay =
        TestStream.create(StringUtf8Coder.of())
            .addElements("a:1", "a:2")
            .advanceWatermarkToInfinity();
    write("part-x", replay);
    assertEquals(new TreeSet<>(List.of("a:1", "a:2", "c:9")), ids(dir));
    assertFalse(Files.exists(dir.resolve("f=a/.part-x-1.parquet.tmp")));
  }
}
