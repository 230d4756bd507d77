package dev.etl.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The local commit under a real kill: a child JVM runs the first k steps of a commit and halts
 * (Runtime.halt: no cleanup, no finally, as kill -9), for every k; the next run must then see the
 * previous result whole (killed before the journal) or the new one whole (killed after it), and
 * nothing left behind.
 */
public class LocalCommitTest {
  static final List<String> RESULTS =
      List.of("transactions", "customers", "rejected", RunReport.SUMMARY_FILE);
  static final Map<String, String> OLD =
      Map.of(
          "transactions/transaction_date=1/part-0",
          "old",
          "transactions/transaction_date=2/part-0",
          "old",
          "customers/part-0",
          "old",
          "rejected/part-0",
          "old",
          RunReport.SUMMARY_FILE,
          "old");
  // the new result has no rejected/ (the old one must still go) and other partitions
  static final Map<String, String> NEW =
      Map.of(
          "transactions/transaction_date=2/part-0",
          "new",
          "transactions/transaction_date=3/part-0",
          "new",
          "customers/part-0",
          "new",
          RunReport.SUMMARY_FILE,
          "new");
  static final int STEPS =
      10; // journal, 2 per table with a new copy, 1 for rejected, remove journal, clean up

  // a snapshot run: one partition of a table replaced, its earlier partitions kept; a second
  // table that has no folder yet (the first run) gains its first partition
  static final List<String> SNAPSHOT_RESULTS =
      List.of(
          "top_tracks/snapshot_date=2026-11-27",
          "top_artists/snapshot_date=2026-11-27",
          "tracks",
          RunReport.SUMMARY_FILE);
  static final Map<String, String> SNAPSHOT_OLD =
      Map.of(
          "top_tracks/snapshot_date=2026-11-20/part-0",
          "week 1",
          "top_tracks/snapshot_date=2026-11-27/part-0",
          "week 2, first run",
          "top_tracks/snapshot_date=2026-11-27/part-1",
          "week 2, first run",
          "tracks/part-0",
          "old",
          RunReport.SUMMARY_FILE,
          "old");
  static final Map<String, String> SNAPSHOT_NEW =
      Map.of(
          "top_tracks/snapshot_date=2026-11-27/part-0",
          "week 2, second run",
          "top_artists/snapshot_date=2026-11-27/part-0",
          "week 2, second run",
          "tracks/part-0",
          "new",
          RunReport.SUMMARY_FILE,
          "new");
  static final int SNAPSHOT_STEPS = 11; // journal, 2 per result, remove journal, clean up

  // an incremental commit: new files beside the published ones (transactions, the state's rows),
  // replaced tables (customers) and record, and a kept table without new files (rejected)
  static final List<String> INCREMENTAL_RESULTS =
      List.of("transactions", "customers", "rejected", "_STATE", RunReport.SUMMARY_FILE);
  static final List<String> KEPT = List.of("transactions", "rejected", "_STATE/transactions");
  static final Map<String, String> OLD_STATE =
      Map.of(
          "transactions/transaction_date=1/part-0",
          "old",
          "transactions/transaction_date=2/part-0",
          "old",
          "customers/part-0",
          "old",
          "rejected/part-0",
          "old",
          "_STATE/inputs.json",
          "old",
          "_STATE/transactions/part-0",
          "old",
          RunReport.SUMMARY_FILE,
          "old");
  static final Map<String, String> INCREMENT =
      Map.of(
          "transactions/transaction_date=2/part-r2",
          "new",
          "transactions/transaction_date=3/part-r2",
          "new",
          "customers/part-0",
          "new",
          "_STATE/inputs.json",
          "new",
          "_STATE/transactions/part-r2",
          "new",
          RunReport.SUMMARY_FILE,
          "new");
  static final int INCREMENTAL_STEPS = 13; // journal, 2 per result, remove journal, clean up

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * The child: stage the new result as run {@code runId}, then run {@code steps} commit steps and
   * die.
   */
  public static void main(String[] args) throws IOException {
    LocalCommit commit = new LocalCommit(Path.of(args[0]), args[1]);
    commit.begin();
    boolean snapshot = args.length > 3 && args[3].equals("snapshot");
    boolean incremental = args.length > 3 && args[3].equals("incremental");
    write(commit.staging(), snapshot ? SNAPSHOT_NEW : incremental ? INCREMENT : NEW);
    if (incremental) {
      for (String kept : KEPT) {
        commit.keepPublished(kept);
      }
    }
    List<LocalCommit.Step> steps =
        commit.commitSteps(
            snapshot ? SNAPSHOT_RESULTS : incremental ? INCREMENTAL_RESULTS : RESULTS);
    int crashAfter = Integer.parseInt(args[2]);
    for (int i = 0; i < Math.min(crashAfter, steps.size()); i++) {
      steps.get(i).run();
    }
    if (crashAfter < steps.size()) {
      System.out.println(
          "killed after: " + (crashAfter == 0 ? "staging" : steps.get(crashAfter - 1).name()));
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
    commit.release();
  }

  static void write(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = dir.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
  }

  /** Every file under the output, relative path → content. */
  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        found.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return found;
  }

  private static int runChild(Path root, String runId, int crashAfter) throws Exception {
    return runChild(root, runId, crashAfter, "tables");
  }

  private static int runChild(Path root, String runId, int crashAfter, String scenario)
      throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                LocalCommitTest.class.getName(),
                root.toString(),
                runId,
                String.valueOf(crashAfter),
                scenario)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue("child finished", child.waitFor(60, TimeUnit.SECONDS));
    return child.exitValue();
  }

  private static String stderrOf(ThrowingRunnable action) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  public void aKillAtAnyStepLeavesTheOldOrTheNewResultWholeAndNothingBehind() throws Exception {
    for (int crashAfter = 0; crashAfter <= STEPS; crashAfter++) {
      Path root = tmp.newFolder("out-" + crashAfter).toPath();
      write(root, OLD);
      int exit = runChild(root, "run-" + crashAfter, crashAfter);
      assertEquals("exit code after " + crashAfter + " steps", crashAfter < STEPS ? 137 : 0, exit);
      // what a reader sees right after the kill: every table old, new or (between two renames)
      // absent
      Map<String, String> seen = contents(root);
      for (String table : List.of("transactions/", "customers/")) {
        Map<String, String> tableFiles = new TreeMap<>(seen);
        tableFiles.keySet().removeIf(k -> !k.startsWith(table));
        assertTrue(
            "after " + crashAfter + " steps " + table + " is old, new or absent: " + tableFiles,
            tableFiles.isEmpty()
                || tableFiles.equals(only(OLD, table))
                || tableFiles.equals(only(NEW, table)));
      }
      // the next run recovers
      LocalCommit next = new LocalCommit(root, "next-" + crashAfter);
      String notes = stderrOf(next::begin);
      next.release();
      LocalCommit.deleteTree(next.staging());
      Map<String, String> expected = crashAfter == 0 ? OLD : NEW;
      assertEquals(
          "after a kill following " + crashAfter + " steps",
          new TreeMap<>(expected),
          contents(root));
      try (Stream<Path> entries = Files.list(root)) {
        // no _LOCK, _COMMIT.json, _staging-*, _previous-*
        assertEquals(
            crashAfter == 0
                ? List.of(RunReport.SUMMARY_FILE, "customers", "rejected", "transactions")
                : List.of(RunReport.SUMMARY_FILE, "customers", "transactions"),
            entries.map(p -> p.getFileName().toString()).sorted().toList());
      }
      if (crashAfter < STEPS) {
        assertThat(notes, containsString("took over the lock of run run-" + crashAfter));
      }
      if (crashAfter == 0) {
        assertThat(notes, containsString("_staging-run-0, left behind by run run-0"));
      } else if (crashAfter < STEPS - 1) {
        assertThat(notes, containsString("finished publishing run run-" + crashAfter));
      }
    }
  }

  @Test
  public void aKillDuringAPartitionReplaceKeepsEveryOtherPartitionAndLeavesOldOrNew()
      throws Exception {
    String kept = "top_tracks/snapshot_date=2026-11-20/";
    String replaced = "top_tracks/snapshot_date=2026-11-27/";
    String added = "top_artists/snapshot_date=2026-11-27/";
    for (int crashAfter = 0; crashAfter <= SNAPSHOT_STEPS; crashAfter++) {
      Path root = tmp.newFolder("snapshot-" + crashAfter).toPath();
      write(root, SNAPSHOT_OLD);
      int exit = runChild(root, "run-" + crashAfter, crashAfter, "snapshot");
      assertEquals(
          "exit code after " + crashAfter + " steps", crashAfter < SNAPSHOT_STEPS ? 137 : 0, exit);
      Map<String, String> seen = contents(root);
      assertEquals(
          "after " + crashAfter + " steps the earlier snapshot is untouched",
          only(SNAPSHOT_OLD, kept),
          only(seen, kept));
      for (String partition : List.of(replaced, added, "tracks/")) {
        Map<String, String> files = only(seen, partition);
        assertTrue(
            "after " + crashAfter + " steps " + partition + " is old, new or absent: " + files,
            files.isEmpty()
                || files.equals(only(SNAPSHOT_OLD, partition))
                || files.equals(only(SNAPSHOT_NEW, partition)));
      }
      LocalCommit next = new LocalCommit(root, "next-" + crashAfter);
      next.begin();
      next.release();
      LocalCommit.deleteTree(next.staging());
      Map<String, String> expected = new TreeMap<>(only(SNAPSHOT_OLD, kept));
      expected.putAll(crashAfter == 0 ? SNAPSHOT_OLD : SNAPSHOT_NEW);
      assertEquals("after a kill following " + crashAfter + " steps", expected, contents(root));
      try (Stream<Path> entries = Files.list(root)) {
        assertEquals(
            crashAfter == 0
                ? List.of(RunReport.SUMMARY_FILE, "top_tracks", "tracks")
                : List.of(RunReport.SUMMARY_FILE, "top_artists", "top_tracks", "tracks"),
            entries.map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
  }

  @Test
  public void aKillAtAnyStepOfAnIncrementalCommitLeavesEachTableOldOrNewWhole() throws Exception {
    Map<String, String> whole = new TreeMap<>(OLD_STATE);
    whole.putAll(INCREMENT); // the new state: earlier files kept, new ones beside them
    for (int crashAfter = 0; crashAfter <= INCREMENTAL_STEPS; crashAfter++) {
      Path root = tmp.newFolder("incr-" + crashAfter).toPath();
      write(root, OLD_STATE);
      Map<String, Long> inodes = inodes(root);
      int exit = runChild(root, "r2", crashAfter, "incremental");
      assertEquals(
          "exit code after " + crashAfter + " steps",
          crashAfter < INCREMENTAL_STEPS ? 137 : 0,
          exit);
      Map<String, String> seen = contents(root);
      for (String table : List.of("transactions/", "customers/", "rejected/", "_STATE/")) {
        Map<String, String> tableFiles = only(seen, table);
        assertTrue(
            "after " + crashAfter + " steps " + table + " is old, new or absent: " + tableFiles,
            tableFiles.isEmpty()
                || tableFiles.equals(only(OLD_STATE, table))
                || tableFiles.equals(only(whole, table)));
      }
      LocalCommit next = new LocalCommit(root, "next-" + crashAfter);
      next.begin();
      next.release();
      LocalCommit.deleteTree(next.staging());
      assertEquals(
          "after a kill following " + crashAfter + " steps",
          crashAfter == 0 ? new TreeMap<>(OLD_STATE) : whole,
          contents(root));
      // the files that stayed are the same files (linked, never rewritten)
      Map<String, Long> now = inodes(root);
      for (String kept :
          List.of(
              "transactions/transaction_date=1/part-0",
              "transactions/transaction_date=2/part-0",
              "rejected/part-0",
              "_STATE/transactions/part-0")) {
        assertEquals("the same file: " + kept, inodes.get(kept), now.get(kept));
      }
    }
  }

  private static Map<String, Long> inodes(Path root) throws IOException {
    Map<String, Long> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        found.put(root.relativize(p).toString(), (Long) Files.getAttribute(p, "unix:ino"));
      }
    }
    return found;
  }

  private static Map<String, String> only(Map<String, String> files, String prefix) {
    Map<String, String> selected = new TreeMap<>(files);
    selected.keySet().removeIf(k -> !k.startsWith(prefix));
    return selected;
  }

  @Test
  public void aSecondRunFailsFastWhileTheFirstHoldsTheLock() throws Exception {
    Path root = tmp.newFolder("busy").toPath();
    LocalCommit first = new LocalCommit(root, "first");
    first.begin();
    UserError e = assertThrows(UserError.class, () -> new LocalCommit(root, "second").begin());
    assertThat(
        e.getMessage(),
        containsString("is in use by run first (pid " + ProcessHandle.current().pid()));
    assertThat(e.getMessage(), containsString("wait for it to finish"));
    // the live run's staging is never touched
    assertTrue(Files.exists(first.staging().resolve(LocalCommit.OWNER_FILE)));
    first.release();
    LocalCommit second = new LocalCommit(root, "second");
    second.begin();
    second.release();
  }

  @Test
  public void stagingOfUnknownOwnershipIsLeftAloneWithANote() throws Exception {
    Path root = tmp.newFolder("unknown").toPath();
    Files.createDirectories(root.resolve("_staging-old-version/transactions"));
    LocalCommit run = new LocalCommit(root, "r");
    String notes = stderrOf(run::begin);
    run.release();
    assertThat(notes, containsString("left " + root.resolve("_staging-old-version") + " alone"));
    assertTrue(Files.isDirectory(root.resolve("_staging-old-version")));
  }

  @Test
  public void aJobIntoALockedOutputExitsWithCodeTwo() throws Exception {
    Path root = tmp.newFolder("locked").toPath();
    LocalCommit holder = new LocalCommit(root, "holder");
    holder.begin();
    File fixture =
        Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize().toFile();
    String[] code = new String[1];
    String err =
        stderrOf(
            () ->
                code[0] =
                    String.valueOf(
                        Main.run(
                            List.of(
                                "bank",
                                "--input=" + fixture,
                                "--output=" + root,
                                "--runner=DirectRunner"))));
    holder.release();
    assertEquals("2", code[0]);
    assertThat(err, containsString("error: the output " + root + " is in use by run holder"));
    assertFalse(Files.exists(root.resolve("transactions")));
    assertEquals(
        "holder",
        new ObjectMapper()
            .readTree(holder.staging().resolve(LocalCommit.OWNER_FILE).toFile())
            .get("run_id")
            .asText());
  }
}
