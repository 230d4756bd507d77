package dev.etl.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import dev.etl.pipelines.bank.BankOptionChecks;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.music.MusicOptionChecks;
import dev.etl.pipelines.music.MusicOptions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every option with a bad value: one sentence naming the option and its allowed range. */
public class OptionChecksTest {
  static final Path BANK_FIXTURE =
      Path.of("../src/fixtures/bank/bank_transactions.csv").toAbsolutePath().normalize();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * The extra options, plus each default option they do not set (Beam refuses an option given
   * twice).
   */
  private static List<String> withDefaults(List<String> defaults, String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    for (String option : defaults) {
      String name = option.substring(0, option.indexOf('=') + 1);
      if (args.stream().noneMatch(a -> a.startsWith(name))) {
        args.add(option);
      }
    }
    return args;
  }

  private String bankError(String... extra) {
    List<String> args =
        withDefaults(List.of("--input=in.csv", "--output=" + tmp.getRoot() + "/out"), extra);
    BankOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(BankOptions.class);
    return assertThrows(UserError.class, () -> BankOptionChecks.bank(options)).getMessage();
  }

  private String musicError(String... extra) {
    List<String> args =
        withDefaults(List.of("--input=dir", "--output=" + tmp.getRoot() + "/out"), extra);
    MusicOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(MusicOptions.class);
    return assertThrows(UserError.class, () -> MusicOptionChecks.music(options)).getMessage();
  }

  @Test
  public void sharedOptions() throws Exception {
    assertEquals(
        "--buckets must be a whole number from 1 to 1048576, got 0", bankError("--buckets=0"));
    assertEquals(
        "--numShards must be a whole number from 1 to 10000, got -1", musicError("--numShards=-1"));
    assertThat(
        bankError("--encoding=UTF-16"),
        containsString("--encoding: 'UTF-16' is not ASCII-compatible"));
    assertThat(
        musicError("--encoding=klingon"),
        containsString("--encoding: 'klingon' is not an encoding"));
    File file = tmp.newFile("a-file");
    assertEquals(
        "--output must be a directory, but " + file + " is a file", bankError("--output=" + file));
    assertEquals("--input must name a path, got ','", bankError("--input=,"));
  }

  @Test
  public void jobOptions() {
    assertEquals("--topN must be a whole number from 1 to 100000, got 0", musicError("--topN=0"));
    assertEquals(
        "--burstCount must be a whole number at least 2, got 1", bankError("--burstCount=1"));
    assertEquals(
        "--customerOutlierFactor must be a number above 0, got NaN",
        bankError("--customerOutlierFactor=NaN"));
    assertEquals(
        "--locationOutlierZ must be a number above 0, got -1.0",
        bankError("--locationOutlierZ=-1"));
    assertEquals(
        "--locationOutlierMinTransactions must be a whole number at least 2, got 1",
        bankError("--locationOutlierMinTransactions=1"));
    assertEquals(
        "--customerOutlierMinHistory must be a whole number at least 1, got 0",
        bankError("--customerOutlierMinHistory=0"));
    assertEquals(
        "--burstWindowMinutes must be a whole number from 0 to 1440, got -5",
        bankError("--burstWindowMinutes=-5"));
    assertEquals(
        "--maxPlausibleAge must be a whole number from 50 to 150, got 40",
        bankError("--minPlausibleAge=50", "--maxPlausibleAge=40"));
  }

  @Test
  public void snapshotDateIsADayNotInTheFuture() {
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    for (String bad :
        List.of("2026-13-01", "2026-02-30", "27/11/2026", "20261127", "tomorrow", "")) {
      assertEquals(
          "--snapshotDate must be a day as YYYY-MM-DD (e.g. " + today + "), got '" + bad + "'",
          musicError("--snapshotDate=" + bad));
    }
    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    assertThat(
        musicError("--snapshotDate=" + tomorrow),
        containsString(
            "--snapshotDate must not be after today (" + today + ", UTC), got " + tomorrow));
    MusicOptions unset = PipelineOptionsFactory.fromArgs("--output=x").as(MusicOptions.class);
    assertEquals(today, MusicOptionChecks.snapshotDate(unset).toString());
    MusicOptions past =
        PipelineOptionsFactory.fromArgs("--snapshotDate=2016-02-29").as(MusicOptions.class);
    assertEquals("2016-02-29", MusicOptionChecks.snapshotDate(past).toString());
  }

  @Test
  public void badSnapshotDateThroughTheCommandLineIsExitCodeTwoBeforeAnythingRuns() {
    Path output = tmp.getRoot().toPath().resolve("never-music");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of(
                  "music",
                  "--input=" + Path.of("../src/fixtures/music").toAbsolutePath().normalize(),
                  "--output=" + output,
                  "--runner=DirectRunner",
                  "--snapshotDate=2026-11-31"));
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code);
    assertThat(message, containsString("error: --snapshotDate must be a day as YYYY-MM-DD"));
    assertEquals(message, 1, message.strip().lines().filter(l -> l.startsWith("error:")).count());
    assertFalse(message.contains("\tat "));
    assertFalse(output.toFile().exists());
  }

  @Test
  public void badBucketsThroughTheCommandLineIsExitCodeTwoBeforeAnythingRuns() {
    Path output = tmp.getRoot().toPath().resolve("never");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              List.of(
                  "bank",
                  "--input=" + BANK_FIXTURE,
                  "--output=" + output,
                  "--runner=DirectRunner",
                  "--buckets=0"));
    } finally {
      System.setErr(original);
    }
    assertEquals(2, code);
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString("error: --buckets must be a whole number from 1 to 1048576, got 0"));
    assertFalse(err.toString(StandardCharsets.UTF_8).contains("\tat "));
    assertFalse(output.toFile().exists());
  }
}
