package dev.etl.pipelines.stream;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.query;
import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.EngineTest;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.ChildServer;
import dev.etl.pipelines.common.Counts;
import dev.etl.transforms.fraud.Suspicion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The real thing on one machine: a Kafka 4 broker started by the project's own code, the stream
 * fixture replayed into it, then {@code bank-stream} on the embedded Flink runner and on the direct
 * runner, each drained with {@code --stopAfterIdle}. Every line sent is accounted for, the topics
 * and the Parquet files hold what the counters say, and the alerts of the rules whose streaming
 * semantics equal batch ones are the batch job's rows on the same file.
 */
@Category(EngineTest.class)
public class BankStreamIntegrationTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final Path FIXTURE =
      Path.of("..", "src", "fixtures", "bank", "bank_stream.csv").toAbsolutePath().normalize();
  static final List<String> SAME_AS_BATCH =
      List.of(Suspicion.AMOUNT_EXCEEDS_BALANCE, Suspicion.IMPLAUSIBLE_AGE, Suspicion.BURST);
  private static final ObjectMapper JSON = new ObjectMapper();

  static LocalKafka broker;
  static int linesSent;
  static Set<String> batchAlerts;

  @BeforeClass
  public static void startBrokerReplayAndRunBatch() throws Exception {
    broker =
        LocalKafka.start(
            TMP.newFolder("kafka").toPath(), 0, TMP.getRoot().toPath().resolve("kafka.log"));
    List<ReplayCommand.Line> lines = ReplayCommand.read(FIXTURE);
    linesSent = lines.size();
    try (KafkaTopics kafka = KafkaTopics.connect(broker.bootstrapServers())) {
      kafka.ensure(List.of("transactions"), 2);
    }
    ReplayCommand.send(broker.bootstrapServers(), "transactions", lines, 0, 0);

    Path batchOut = TMP.newFolder("batch").toPath();
    BankPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--input=" + FIXTURE,
                "--output=" + batchOut,
                "--runner=DirectRunner",
                "--buckets=4")
            .as(BankOptions.class));
    batchAlerts = new TreeSet<>();
    for (Map<String, Object> row :
        query(
            "SELECT transaction_id, reason, observed, compared_to, detail FROM read_parquet('"
                + batchOut
                + "/suspicious_transactions/*.parquet')")) {
      if (SAME_AS_BATCH.contains((String) row.get("reason"))) {
        batchAlerts.add(
            key(
                (String) row.get("transaction_id"),
                (String) row.get("reason"),
                (Double) row.get("observed"),
                (Double) row.get("compared_to"),
                (String) row.get("detail")));
      }
    }
  }

  @AfterClass
  public static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Rule hits as text; a burst's observed count and detail depend on when it alerted, so only its
   * id counts.
   */
  static String key(String id, String reason, double observed, double comparedTo, String detail) {
    return reason.equals(Suspicion.BURST)
        ? id + " " + reason
        : id + " " + reason + " " + observed + " " + comparedTo + " " + detail;
  }

  @Test
  public void onTheEmbeddedFlinkRunner() throws Exception {
    runAndCheck("FlinkRunner");
  }

  @Test
  public void onTheDirectRunner() throws Exception {
    runAndCheck("DirectRunner");
  }

  @Test
  public void aMissingTopicIsOneClearErrorWithExitCode2() {
    String err =
        exitCode2Within30s(
            "--bootstrapServers=" + broker.bootstrapServers(), "--inputTopic=no-such-topic");
    assertTrue(
        err,
        err.contains("the topic 'no-such-topic' (--inputTopic) does not exist")
            && err.contains("transactions"));
  }

  @Test
  public void anUnreachableBrokerIsOneClearErrorWithExitCode2() throws Exception {
    String err = exitCode2Within30s("--bootstrapServers=127.0.0.1:" + ChildServer.freePort());
    assertTrue(err, err.contains("no Kafka broker answered at --bootstrapServers=127.0.0.1:"));
  }

  private static String exitCode2Within30s(String... args) {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    long start = System.currentTimeMillis();
    int code;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      List<String> command = new ArrayList<>(List.of("bank-stream", "--runner=DirectRunner"));
      command.addAll(List.of(args));
      code = dev.etl.pipelines.Main.run(command);
    } finally {
      System.setErr(original);
    }
    String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(text, 2, code);
    assertTrue(text, System.currentTimeMillis() - start < 30_000);
    assertEquals(text, 1, text.strip().lines().count()); // one paragraph, no stack trace
    return text;
  }

  private void runAndCheck(String runner) throws Exception {
    Path out = TMP.newFolder("stream-" + runner).toPath();
    String alerts = "suspicious-" + runner;
    String rejected = "rejected-" + runner;
    List<String> args =
        List.of(
            "--runner=" + runner,
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--inputTopic=transactions",
            "--alertsTopic=" + alerts,
            "--rejectedTopic=" + rejected,
            "--output=" + out,
            "--stopAfterIdle=3s",
            "--outputInterval=2s");
    BankStreamOptions options =
        PipelineOptionsFactory.fromArgs(BankStreamCommand.withRunner(args).toArray(String[]::new))
            .withValidation()
            .as(BankStreamOptions.class);

    Counts report = BankStreamPipeline.run(options);

    // every line is accounted for: clean + duplicates + rejected = lines sent
    assertEquals(report.toString(), linesSent, report.count(StreamCounts.LINES_READ));
    assertTrue(report.toString(), StreamCounts.reconciled(report));
    assertEquals(18, report.count(StreamCounts.CLEAN));
    assertEquals(1, report.count(StreamCounts.DUPLICATES));
    assertEquals(8, report.total(StreamCounts.REJECTED));
    // ... and the sinks hold what the counters say
    assertEquals(
        report.count(StreamCounts.CLEAN),
        ((Number)
                scalar(
                    "SELECT count(*) FROM read_parquet('"
                        + out
                        + "/transactions/*/*.parquet', hive_partitioning = true)"))
            .longValue());
    List<JsonNode> deadLetters = consume(rejected);
    assertEquals(report.total(StreamCounts.REJECTED), deadLetters.size());
    for (JsonNode d : deadLetters) {
      assertFalse(d.toString(), d.get("reason").asText().isEmpty());
      assertTrue(d.toString(), d.get("file").asText().startsWith("transactions/"));
    }

    List<JsonNode> alertMessages = consume(alerts);
    assertEquals(report.total(StreamCounts.ALERTS), alertMessages.size());
    assertEquals(
        alertMessages.size(),
        ((Number)
                scalar(
                    "SELECT count(*) FROM read_parquet('"
                        + out
                        + "/suspicious_transactions/*.parquet')"))
            .longValue());
    Set<String> streamAlerts = new TreeSet<>();
    for (JsonNode a : alertMessages) {
      Instant eventTime = Instant.parse(a.get("event_time").asText());
      Instant detectedAt = Instant.parse(a.get("detected_at").asText());
      assertEquals(
          a.get("transaction_date").asText() + "T" + a.get("transaction_time").asText(),
          eventTime.toString().substring(0, 19));
      assertTrue(detectedAt.isAfter(eventTime));
      String reason = a.get("reason").asText();
      if (SAME_AS_BATCH.contains(reason)) {
        streamAlerts.add(
            key(
                a.get("transaction_id").asText(),
                reason,
                a.get("observed").asDouble(),
                a.get("compared_to").asDouble(),
                a.get("detail").asText()));
      }
    }
    assertTrue(batchAlerts.toString(), batchAlerts.contains("T20 burst"));
    assertEquals(batchAlerts, streamAlerts);
  }

  /** Every message of a topic. */
  private static List<JsonNode> consume(String topic) throws Exception {
    return TopicMessages.all(broker.bootstrapServers(), topic);
  }
}
