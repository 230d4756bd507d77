package dev.etl.pipelines.launch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import dev.etl.pipelines.Main;
import dev.etl.pipelines.bank.BankOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/** Unknown option names and badly typed values: one sentence, exit code 2, before anything runs. */
public class OptionNamesTest {
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
  public void aMisspelledOptionIsNamedWithTheNearestKnownName() {
    Result bank = run("bank", "--input=in.csv", "--ouput=out");
    assertEquals(2, bank.code());
    assertEquals("error: unknown option --ouput; did you mean --output?\n", bank.err());
    Result music = run("music", "--input=in", "--output=out", "--topn=5");
    assertEquals(2, music.code());
    assertThat(music.err(), containsString("unknown option --topn; did you mean --topN?"));
    Result stream = run("bank-stream", "--bootstrapServer=localhost:1");
    assertEquals(2, stream.code());
    assertThat(
        stream.err(),
        containsString("unknown option --bootstrapServer; did you mean --bootstrapServers?"));
    Result query = run("query", "--bank=out", "--sqll=SELECT 1");
    assertEquals(2, query.code());
    assertThat(
        query.err(),
        containsString(
            "error: unknown option --sqll; did you mean --sql? (see ./etl query --help)"));
  }

  @Test
  public void runnerOptionsStayAccepted() {
    // Beam registers every runner's options: they are known names (the run then fails on its input)
    Result r =
        run("bank", "--input=/no/such/file.csv", "--output=/tmp/x", "--sparkMaster=local[2]");
    assertEquals(2, r.code());
    assertThat(r.err(), containsString("/no/such/file.csv"));
  }

  @Test
  public void aValueOfTheWrongTypeExitsTwo() {
    Result buckets = run("bank", "--input=in.csv", "--output=out", "--buckets=abc");
    assertEquals(2, buckets.code());
    assertEquals("error: --buckets must be a whole number, got 'abc'\n", buckets.err());
    Result factor = run("bank", "--input=in.csv", "--output=out", "--customerOutlierFactor=ten");
    assertEquals(2, factor.code());
    assertThat(factor.err(), containsString("--customerOutlierFactor must be a number, got 'ten'"));
    Result quiet = run("bank", "--input=in.csv", "--output=out", "--quiet=yes");
    assertEquals(2, quiet.code());
    assertThat(quiet.err(), containsString("--quiet must be true or false, got 'yes'"));
    Result date =
        run(
            "bank",
            "--input=../src/fixtures/bank/bank_transactions.csv",
            "--output=out",
            "--latestTransactionDate=31/12/2016");
    assertEquals(2, date.code());
    assertThat(
        date.err(),
        containsString("--latestTransactionDate must be a date YYYY-MM-DD, got '31/12/2016'"));
  }

  @Test
  public void nearestIsTheSmallestEditDistance() {
    assertEquals(
        "output",
        dev.etl.pipelines.common.CommandArgs.nearest(
            "ouput", OptionNames.properties(BankOptions.class).keySet()));
    assertEquals(
        "sql",
        dev.etl.pipelines.common.CommandArgs.nearest("sqll", List.of("bank", "sql", "file")));
  }

  @Test
  public void runningOutOfFileDescriptorsIsOneReadableSentence() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.explainFailure(
              new RuntimeException(
                  "the job failed",
                  new java.nio.file.FileSystemException("/out/_staging-1/x: Too many open files")));
    } finally {
      System.setErr(original);
    }
    assertEquals(2, code);
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString(
            "error: the JVM ran out of file descriptors (\"Too many open files\", the limit is "));
    assertThat(err.toString(StandardCharsets.UTF_8), containsString("ulimit -n 4096"));
  }
}
