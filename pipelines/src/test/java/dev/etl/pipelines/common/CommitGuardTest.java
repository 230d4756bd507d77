package dev.etl.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.Main;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Readers under a real kill mid-commit (the mechanism of {@link LocalCommitTest}): a child JVM
 * commits a second bank run over a first one, step by step, and halts; while the journal is there
 * {@code query}, {@code report} and {@code catalog} refuse with exit code 2, otherwise they read
 * one whole run, and after the next job run's recovery they read the new run.
 */
public class CommitGuardTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final Path BANK_FIXTURE =
      Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize();
  static Path oldRun;
  static Path newRun;

  @BeforeClass
  public static void twoRuns() throws Exception {
    oldRun = TMP.newFolder("old").toPath();
    newRun = TMP.newFolder("new").toPath();
    bank(oldRun, "2099-12-31");
    // the same input bounded to 5 August 2016: fewer transactions, so the two runs differ
    bank(newRun, "2016-08-05");
  }

  static void bank(Path out, String latest) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + BANK_FIXTURE,
                "--output=" + out,
                "--latestTransactionDate=" + latest,
                "--runner=DirectRunner"));
    BankPipeline.run(
        PipelineOptionsFactory.fromArgs(
                RunnerProfiles.apply("DirectRunner", args).toArray(String[]::new))
            .as(BankOptions.class));
  }

  /** The child: stage a copy of the new run's results, run {@code steps} commit steps, die. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    LocalCommit commit = new LocalCommit(root, args[1]);
    commit.begin();
    copyTree(Path.of(args[2]), commit.staging());
    List<LocalCommit.Step> steps = commit.commitSteps(BankPipeline.RESULTS);
    int crashAfter = Integer.parseInt(args[3]);
    for (int i = 0; i < Math.min(crashAfter, steps.size()); i++) {
      steps.get(i).run();
    }
    if (crashAfter < steps.size()) {
      Runtime.getRuntime().halt(137);
    }
    commit.release();
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
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

  static String count(Path out) {
    Result r =
        run(
            "query",
            "--bank=" + out,
            "--format=csv",
            "--sql=SELECT (SELECT count(*) FROM db_banks.transactions) AS t,"
                + " (SELECT count(*) FROM db_banks.customer_segments) AS s,"
                + " (SELECT rows_clean FROM read_json_auto('"
                + out
                + "/_SUMMARY.json')) AS c");
    assertEquals(r.err(), 0, r.code());
    return r.out().strip().lines().skip(1).findFirst().orElseThrow();
  }

  @Test
  public void readersRefuseAHalfDoneCommitAndReadOneWholeRunOtherwise() throws Exception {
    String oldCounts = count(oldRun);
    String newCounts = count(newRun);
    assertTrue(oldCounts + " vs " + newCounts, !oldCounts.equals(newCounts));
    int refused = 0;
    for (int crashAfter = 0; ; crashAfter++) {
      Path root = TMP.newFolder("out-" + crashAfter).toPath();
      copyTree(oldRun, root);
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx64m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CommitGuardTest.class.getName(),
                  root.toString(),
                  "run-" + crashAfter,
                  newRun.toString(),
                  String.valueOf(crashAfter))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      boolean finished = child.exitValue() == 0;
      if (Files.exists(root.resolve(LocalCommit.JOURNAL_FILE))) {
        refused++;
        Result query = run("query", "--bank=" + root, "--sql=SELECT 1");
        assertEquals(2, query.code());
        assertThat(
            query.err(),
            containsString(
                "error: "
                    + root
                    + " holds an unfinished commit (its _COMMIT.json journal is there), so its"
                    + " tables may mix two runs"));
        assertThat(query.err(), containsString("the next ./etl bank run with --output=" + root));
        if (refused == 3) { // once is enough for the slower readers
          Path html = TMP.getRoot().toPath().resolve("r" + crashAfter + ".html");
          Result report = run("report", "--bank=" + root, "--output=" + html);
          assertEquals(report.err(), 2, report.code());
          assertThat(report.err(), containsString("holds an unfinished commit"));
          assertTrue(!Files.exists(html));
          Result catalog =
              run(
                  "catalog",
                  "--job=bank",
                  "--location=" + root,
                  "--output=" + TMP.getRoot().toPath().resolve("cat" + crashAfter));
          assertEquals(catalog.err(), 2, catalog.code());
          assertThat(catalog.err(), containsString("holds an unfinished commit"));
        }
        // the next run's recovery finishes the commit: then the new run is read, whole
        LocalCommit next = new LocalCommit(root, "next-" + crashAfter);
        next.begin();
        next.release();
        LocalCommit.deleteTree(next.staging());
        assertEquals(newCounts, count(root));
      } else {
        String seen = count(root);
        assertTrue(
            "after " + crashAfter + " steps: " + seen,
            seen.equals(crashAfter == 0 ? oldCounts : newCounts));
      }
      if (finished) {
        break;
      }
    }
    assertTrue("the journal was there after " + refused + " kills", refused >= 10);
  }
}
