package dev.etl.pipelines.bank;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code --incremental} on the direct runner: K increments publish what one full run over the same
 * lines publishes, table by table (every table and rule is exact, see docs/incremental.md), an
 * increment adds files and rewrites none, nothing new changes nothing, a changed recorded file is
 * refused.
 */
public class BankIncrementalTest {
  static final Path SAMPLE =
      Path.of("../src/sample/bank/bank_transactions.csv").toAbsolutePath().normalize();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  static RunReport bank(List<String> args) throws Exception {
    List<String> all = new java.util.ArrayList<>(args);
    all.add("--runner=DirectRunner");
    all.add("--buckets=4");
    return BankPipeline.run(
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(BankOptions.class));
  }

  @Test
  public void incrementsByDateEqualOneFullRun() throws Exception {
    Path root = TMP.newFolder("by-date").toPath();
    List<Path> parts =
        IncrementalRuns.write(SAMPLE, IncrementalRuns.byDate(SAMPLE), root.resolve("raw"));
    IncrementalRuns.assertIncrementsEqualFullRun(
        parts, root.resolve("full"), root.resolve("incremental"), BankIncrementalTest::bank);
  }

  @Test
  public void incrementsByLineRangesWithResentLinesEqualOneFullRun() throws Exception {
    Path root = TMP.newFolder("by-lines").toPath();
    List<Path> parts =
        IncrementalRuns.write(SAMPLE, IncrementalRuns.byLineRanges(SAMPLE), root.resolve("raw"));
    List<RunReport> reports =
        IncrementalRuns.assertIncrementsEqualFullRun(
            parts, root.resolve("full"), root.resolve("incremental"), BankIncrementalTest::bank);
    // the re-sent lines of the last part were caught against what earlier runs published
    RunReport last = reports.get(reports.size() - 1);
    assertTrue(((Number) last.summary().get("duplicates_removed")).longValue() >= 2);
    @SuppressWarnings("unchecked")
    Map<String, Number> rejected = (Map<String, Number>) last.summary().get("rejected_by_reason");
    assertTrue(rejected.get("conflicting_duplicate").longValue() >= 3);
    // never a second row
    assertEquals(
        BankPipelineEndToEndTest.scalar(
            "SELECT count(DISTINCT transaction_id) FROM "
                + BankPipelineEndToEndTest.transactions(root.resolve("incremental"))),
        BankPipelineEndToEndTest.scalar(
            "SELECT count(*) FROM "
                + BankPipelineEndToEndTest.transactions(root.resolve("incremental"))));
  }

  @Test
  public void anIncrementAddsFilesAndRewritesNoneAndNothingNewChangesNothing() throws Exception {
    Path root = TMP.newFolder("files").toPath();
    List<Path> parts =
        IncrementalRuns.write(SAMPLE, IncrementalRuns.byDate(SAMPLE), root.resolve("raw"));
    Path out = root.resolve("out");
    String input = root.resolve("raw") + "/part-0[12].csv";
    RunReport first = bank(List.of("--input=" + input, "--output=" + out, "--incremental"));
    assertEquals("full", first.summary().get("mode"));
    JsonNode record = new ObjectMapper().readTree(out.resolve("_STATE/inputs.json").toFile());
    assertEquals(2, record.get("files").size());
    JsonNode entry = record.get("files").get(0);
    assertEquals(parts.get(0).toString(), entry.get("path").asText());
    assertEquals(Files.size(parts.get(0)), entry.get("size_bytes").asLong());
    assertEquals(
        java.time.Instant.ofEpochMilli(Files.getLastModifiedTime(parts.get(0)).toMillis())
            .toString(),
        entry.get("last_modified").asText());
    assertEquals(Files.readAllLines(parts.get(0)).size() - 1, entry.get("lines").asLong());
    assertEquals(first.summary().get("run_id"), entry.get("run_id").asText());

    Map<String, Object> before = fileIdentities(out.resolve("transactions"));
    // a new file arrives in the raw zone
    String more = root.resolve("raw") + "/part-0[123].csv";
    RunReport second = bank(List.of("--input=" + more, "--output=" + out, "--incremental"));
    assertEquals("incremental", second.summary().get("mode"));
    Map<String, Object> after = fileIdentities(out.resolve("transactions"));
    for (Map.Entry<String, Object> file : before.entrySet()) {
      assertEquals("untouched: " + file.getKey(), file.getValue(), after.get(file.getKey()));
    }
    after.keySet().removeAll(before.keySet());
    assertTrue("new files were added", !after.isEmpty());
    String runId = (String) second.summary().get("run_id");
    for (String added : after.keySet()) {
      assertThat(added, containsString("/part-" + runId + "-"));
    }

    // nothing new: one line, no runner, summary untouched
    byte[] summary = Files.readAllBytes(out.resolve("_SUMMARY.json"));
    FileTime summaryTime = Files.getLastModifiedTime(out.resolve("_SUMMARY.json"));
    RunReport nothing = bank(List.of("--input=" + more, "--output=" + out, "--incremental"));
    assertNotNull(nothing.nothingToDoLine());
    assertThat(nothing.nothingToDoLine(), startsWith("nothing new since run " + runId));
    assertEquals(0, nothing.print());
    assertEquals(new String(summary), Files.readString(out.resolve("_SUMMARY.json")));
    assertEquals(summaryTime, Files.getLastModifiedTime(out.resolve("_SUMMARY.json")));
    assertEquals(fileIdentities(out.resolve("transactions")).size(), before.size() + after.size());

    // a recorded file that changed is refused, naming it
    Files.writeString(parts.get(1), "\n", java.nio.file.StandardOpenOption.APPEND);
    UserError changed =
        assertThrows(
            UserError.class,
            () -> bank(List.of("--input=" + more, "--output=" + out, "--incremental")));
    assertThat(changed.getMessage(), startsWith("the input file " + parts.get(1) + " changed"));
    // a full run takes it
    RunReport full = bank(List.of("--input=" + more, "--output=" + out));
    assertEquals("full", full.summary().get("mode"));
    assertEquals(3, ((Number) full.summary().get("input_files_recorded")).intValue());
  }

  /** Path under the table → (inode or file key, modification time): a rewrite changes one. */
  static Map<String, Object> fileIdentities(Path table) throws Exception {
    Map<String, Object> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(table)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        var attributes = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
        files.put(
            table.relativize(p).toString(),
            attributes.fileKey() + "@" + attributes.lastModifiedTime());
      }
    }
    return files;
  }
}
