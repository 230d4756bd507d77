package dev.etl.pipelines.s3;

import static dev.etl.pipelines.s3.S3TestSupport.etl;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * S3 faults: each gives exit code 2 and one clear paragraph (no stack trace) within seconds, never
 * shows a secret, and leaves the processed zone exactly as it was (here: a previous result).
 */
public class S3FaultsTest {
  static final String CSV = "bank_transactions.csv";
  static final double MAX_SECONDS = 60;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Path store;
  static LocalS3 server;
  static Map<String, String> processedBefore;

  @BeforeClass
  public static void startServer() throws Exception {
    store = TMP.newFolder("store").toPath();
    S3TestSupport.copy(S3PipelineTest.BANK, store.resolve("raw/bank"));
    S3TestSupport.copy(S3PipelineTest.MUSIC.resolve("Music_Info.csv"), store.resolve("raw/music"));
    // a previous result that no failed run may touch
    Path previous =
        Files.createDirectories(
            store.resolve("processed/bank/transactions/transaction_date=2016-08-01"));
    Files.writeString(previous.resolve("part-00000-of-00001.parquet"), "previous run");
    Files.writeString(store.resolve("processed/bank/_SUMMARY.json"), "{\"run_id\":\"previous\"}\n");
    processedBefore = S3TestSupport.snapshot(store.resolve("processed"));
    server = S3TestSupport.startServer(store);
  }

  @AfterClass
  public static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Runs a command that must fail with a message containing {@code expected}, and checks the rules.
   */
  static String fault(String expected, List<String> args) throws Exception {
    S3TestSupport.Run run = etl(args.toArray(String[]::new));
    String message = run.err().substring(Math.max(0, run.err().indexOf("error: ")));
    assertEquals(run.err(), 2, run.exitCode());
    assertThat(message, containsString(expected));
    assertThat("one paragraph, no stack trace", message.strip(), not(containsString("\n\n")));
    assertThat(message, not(containsString("\tat ")));
    assertThat(run.seconds(), lessThan(MAX_SECONDS));
    assertThat(run.all(), not(containsString(LocalS3.SECRET_KEY)));
    assertEquals(
        "the processed zone is unchanged",
        processedBefore,
        S3TestSupport.snapshot(store.resolve("processed")));
    return message;
  }

  static List<String> bank(String input, String output, String... more) {
    List<String> args = new ArrayList<>(List.of("bank", "--input=" + input, "--output=" + output));
    args.addAll(server.jobOptions());
    args.addAll(List.of(more));
    return args;
  }

  static List<String> withOption(List<String> args, String option, String value) {
    List<String> changed =
        new ArrayList<>(args.stream().filter(a -> !a.startsWith(option + "=")).toList());
    changed.add(option + "=" + value);
    return changed;
  }

  @Test
  public void unreachableEndpoint() throws Exception {
    String closed = "http://127.0.0.1:" + S3TestSupport.freePort();
    String message =
        fault(
            "cannot be reached",
            withOption(bank("s3://raw/bank/" + CSV, "s3://processed/bank"), "--endpoint", closed));
    assertThat(message, containsString("the S3 endpoint " + closed));
    assertThat(message, containsString("Check --endpoint"));
  }

  @Test
  public void endpointThatNeverAnswers() throws Exception {
    // accepts connections (the kernel completes them for the backlog) but never answers
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
      String message =
          fault(
              "did not answer in time",
              withOption(
                  bank("s3://raw/bank/" + CSV, "s3://processed/bank"), "--endpoint", endpoint));
      assertThat(message, containsString("the S3 endpoint " + endpoint));
    }
  }

  @Test
  public void missingOutputBucket() throws Exception {
    fault(
        "cannot use s3://no-such-bucket/bank: the bucket does not exist at the S3 endpoint "
            + server.endpoint(),
        bank("s3://raw/bank/" + CSV, "s3://no-such-bucket/bank", "--runner=DirectRunner"));
  }

  @Test
  public void missingInputBucket() throws Exception {
    fault(
        "cannot use s3://no-such-raw/bank/" + CSV + ": the bucket does not exist",
        bank("s3://no-such-raw/bank/" + CSV, "s3://processed/bank"));
  }

  @Test
  public void missingInputObject() throws Exception {
    fault(
        "no input file matches s3://raw/bank/missing.csv",
        bank("s3://raw/bank/missing.csv", "s3://processed/bank"));
    // the same through the job itself (the runner named, so no size measurement first)
    fault(
        "No input file matches s3://raw/bank/missing.csv",
        bank("s3://raw/bank/missing.csv", "s3://processed/bank", "--runner=DirectRunner"));
    List<String> music =
        new ArrayList<>(
            List.of("music", "--input=s3://raw/music", "--output=s3://processed/music"));
    music.addAll(server.jobOptions());
    fault("no input file matches s3://raw/music/User_Listening_History.csv", music);
  }

  @Test
  public void credentialsFromTheDefaultChainWithoutTheOption() throws Exception {
    // the chain's first source is the JVM's aws.accessKeyId/aws.secretAccessKey (then the
    // environment,
    // profiles, roles): the bucket is listed with them, so the failure is the missing object
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
    try {
      List<String> args =
          new ArrayList<>(
              bank("s3://raw/bank/missing.csv", "s3://processed/bank").stream()
                  .filter(a -> !a.startsWith("--awsCredentialsProvider="))
                  .toList());
      fault("no input file matches s3://raw/bank/missing.csv", args);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  public void wrongKeys() throws Exception {
    String wrongSecret = "wrong-secret-4f9a";
    String wrongKeys =
        "{\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
            + LocalS3.ACCESS_KEY
            + "\",\"secretAccessKey\":\""
            + wrongSecret
            + "\"}";
    String message =
        fault(
            "refused the credentials",
            withOption(
                bank("s3://raw/bank/" + CSV, "s3://processed/bank"),
                "--awsCredentialsProvider",
                wrongKeys));
    assertThat(message, not(containsString(wrongSecret)));
    assertThat(message, containsString("--awsCredentialsProvider"));
    String unknownKey = wrongKeys.replace(LocalS3.ACCESS_KEY, "unknown-key");
    message =
        fault(
            "refused the credentials",
            withOption(
                bank("s3://raw/bank/" + CSV, "s3://processed/bank", "--runner=DirectRunner"),
                "--awsCredentialsProvider",
                unknownKey));
    assertThat(message, not(containsString(wrongSecret)));
  }

  @Test
  public void malformedCredentialsOptionDoesNotEchoTheSecret() throws Exception {
    String broken =
        "{\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"k\",\"secretAccessKey\":\""
            + LocalS3.SECRET_KEY
            + "\"";
    S3TestSupport.Run run =
        etl(
            withOption(
                    bank("s3://raw/bank/" + CSV, "s3://processed/bank", "--runner=DirectRunner"),
                    "--awsCredentialsProvider",
                    broken)
                .toArray(String[]::new));
    assertEquals(run.err(), 2, run.exitCode());
    assertThat(run.err(), containsString("error: "));
    assertThat(run.all(), not(containsString(LocalS3.SECRET_KEY)));
  }
}
