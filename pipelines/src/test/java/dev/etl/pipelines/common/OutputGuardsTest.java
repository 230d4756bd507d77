package dev.etl.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An output belongs to one job; inputs and the output never overlap. Checked before any run. */
public class OutputGuardsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  static final Path BANK_FIXTURE =
      Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize();
  static final Path MUSIC_FIXTURE = Path.of("../src/fixtures/music").toAbsolutePath().normalize();

  record Result(int code, String err) {}

  static Result run(String... args) {
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
  public void overlapRules() {
    // input inside the output
    assertTrue(OutputGuards.overlaps("/o/transactions/new.csv", "/o"));
    assertTrue(OutputGuards.overlaps("/o/*.csv", "/o"));
    assertTrue(OutputGuards.overlaps("/o", "/o"));
    assertTrue(OutputGuards.overlaps("/a/b/../../o/x.csv", "/o/"));
    assertTrue(OutputGuards.overlaps("s3://b/out/x.csv", "s3://b/out"));
    // output inside what an input glob reaches
    assertTrue(OutputGuards.overlaps("/in/**/*.csv", "/in/out"));
    assertTrue(OutputGuards.overlaps("/in/*/*.csv", "/in/out"));
    assertTrue(OutputGuards.overlaps("/in/o*/*/*.csv", "/in/out"));
    // apart
    assertFalse(OutputGuards.overlaps("/in/*.csv", "/in/out")); // files of /in only
    assertFalse(OutputGuards.overlaps("/in/x.csv", "/in/out"));
    assertFalse(OutputGuards.overlaps("/in/a*/*.csv", "/in/out"));
    assertFalse(OutputGuards.overlaps("/out2/x.csv", "/out"));
    assertFalse(OutputGuards.overlaps("s3://b/in/x.csv", "/b/in"));
    assertFalse(OutputGuards.overlaps("s3://b/in/x.csv", "s3://b/out"));
  }

  @Test
  public void anInputInsideTheOutputExitsTwoAndIsNotDeleted() throws Exception {
    Path out = tmp.newFolder("out").toPath();
    Path input = Files.createDirectories(out.resolve("transactions")).resolve("new.csv");
    Files.copy(BANK_FIXTURE, input);
    Result r = run("bank", "--input=" + input, "--output=" + out, "--runner=DirectRunner");
    assertEquals(r.err(), 2, r.code());
    assertThat(r.err(), containsString("error: --input " + input + " lies inside --output="));
    assertTrue(Files.exists(input));
    assertFalse(Files.exists(out.resolve(RunReport.SUMMARY_FILE)));
  }

  @Test
  public void anOutputUnderAnInputGlobExitsTwo() throws Exception {
    Path in = tmp.newFolder("in").toPath();
    Files.copy(BANK_FIXTURE, Files.createDirectories(in.resolve("day1")).resolve("b.csv"));
    Result r =
        run(
            "bank",
            "--input=" + in + "/*/*.csv",
            "--output=" + in.resolve("out"),
            "--runner=DirectRunner");
    assertEquals(r.err(), 2, r.code());
    assertThat(r.err(), containsString("would read files inside --output="));
    assertFalse(Files.exists(in.resolve("out")));
  }

  @Test
  public void aJobDoesNotRunIntoTheOtherJobsOutput() throws Exception {
    Path bankOut = tmp.newFolder("bank").toPath();
    String summary = "{\"job\" : \"bank\", \"rows_read\" : 7}\n";
    Files.writeString(bankOut.resolve(RunReport.SUMMARY_FILE), summary);
    Files.createDirectories(bankOut.resolve("rejected"));
    Result r =
        run("music", "--input=" + MUSIC_FIXTURE, "--output=" + bankOut, "--runner=DirectRunner");
    assertEquals(r.err(), 2, r.code());
    assertThat(
        r.err(),
        containsString(
            "error: --output="
                + bankOut
                + " holds the bank job's output, and a folder belongs to one job: give the music"
                + " job a folder of its own"));
    assertEquals(summary, Files.readString(bankOut.resolve(RunReport.SUMMARY_FILE)));
    try (var entries = Files.list(bankOut)) {
      assertEquals(2, entries.count()); // no lock, no staging left
    }
    Path musicOut = tmp.newFolder("music").toPath();
    Files.writeString(musicOut.resolve(RunReport.SUMMARY_FILE), "{\"job\" : \"music\"}");
    Result bank =
        run("bank", "--input=" + BANK_FIXTURE, "--output=" + musicOut, "--runner=DirectRunner");
    assertEquals(2, bank.code());
    assertThat(bank.err(), containsString("holds the music job's output"));
  }
}
