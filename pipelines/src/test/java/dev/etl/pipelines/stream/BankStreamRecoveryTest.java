package dev.etl.pipelines.stream;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.EngineTest;
import dev.etl.pipelines.bank.BankOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.bank.BankPipelineEndToEndTest;
import dev.etl.pipelines.common.ReplaySafeParquet;
import dev.etl.transforms.fraud.Suspicion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * What a restart guarantees, with a real broker and real processes: {@code bank-stream} on the
 * embedded Flink runner in a child JVM with {@code --checkpointLocation}, killed with SIGKILL (kill
 * -9) in the middle of the topic and started again with the same options; or left running while the
 * broker is stopped and started again on the same folder and port. Either way the drained run
 * accounts for every line sent exactly once, the alerts of the rules with batch semantics are the
 * batch job's rows on the same lines (location_outlier scored against that batch run's
 * location_stats table), every repeated alert is a copy of one the killed run sent after its last
 * checkpoint, the Parquet output holds every clean transaction and alert exactly once, and the
 * group's committed offsets reach the end of the topic.
 */
@Category(EngineTest.class)
public class BankStreamRecoveryTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final int LINES = 1000;
  static final List<String> SAME_AS_BATCH =
      List.of(
          Suspicion.AMOUNT_EXCEEDS_BALANCE,
          Suspicion.IMPLAUSIBLE_AGE,
          Suspicion.BURST,
          Suspicion.LOCATION_OUTLIER);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READ = Pattern.compile("bank-stream: (final )?read ([0-9,]+) \\|");

  static Path kafkaDir;
  static LocalKafka broker;
  static List<ReplayCommand.Line> lines;
  static Path batchOut;
  static Set<String> batchAlerts;

  @BeforeClass
  public static void runBatch() throws Exception {
    // the first LINES lines of the sample: planted alerts of every rule, bad lines, duplicates
    Path input = TMP.getRoot().toPath().resolve("bank_transactions.csv");
    Files.write(
        input,
        Files.readAllLines(
                Path.of("..", "src", "sample", "bank", "bank_transactions.csv"),
                StandardCharsets.UTF_8)
            .subList(0, LINES + 1),
        StandardCharsets.UTF_8);
    lines = ReplayCommand.read(input);
    assertEquals(LINES, lines.size());
    batchOut = TMP.newFolder("batch").toPath();
    BankPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--input=" + input, "--output=" + batchOut, "--runner=DirectRunner", "--buckets=4")
            .as(BankOptions.class));
    batchAlerts = new TreeSet<>();
    for (Map<String, Object> row :
        BankPipelineEndToEndTest.query(
            "SELECT transaction_id, reason FROM read_parquet('"
                + batchOut
                + "/suspicious_transactions/*.parquet')")) {
      if (SAME_AS_BATCH.contains((String) row.get("reason"))) {
        batchAlerts.add(row.get("transaction_id") + " " + row.get("reason"));
      }
    }
    for (String reason : SAME_AS_BATCH) {
      assertTrue(
          reason + " in " + batchAlerts,
          batchAlerts.stream().anyMatch(a -> a.endsWith(" " + reason)));
    }
  }

  /** A broker of its own per test: one of them restarts it. */
  @Before
  public void startBroker() throws Exception {
    kafkaDir = TMP.newFolder().toPath();
    broker = LocalKafka.start(kafkaDir, 0, kafkaDir.resolve("kafka.log"));
  }

  @After
  public void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  public void aJobKilledMidStreamResumesFromItsCheckpointAndLosesNothing() throws Exception {
    Run run = new Run("kill");
    run.checkpointingIntervalMs = 3000; // three Parquet files per folder between checkpoints
    ReplayCommand.send(broker.bootstrapServers(), run.topic, lines.subList(0, 400), 0, 0);
    Process first = run.start(false, "first.log");
    run.awaitRead(first, "first.log", 400); // in a completed checkpoint
    // lines keep coming while the job is killed: it has read, alerted and written past its last
    // checkpoint, not at a checkpoint boundary
    Thread sender =
        new Thread(
            () -> {
              try {
                // 8 s: a checkpoint covers line 500 (sent after 2 s) within 3 s, and lines still
                // arrive for the 1.5 s until the kill
                ReplayCommand.send(
                    broker.bootstrapServers(), run.topic, lines.subList(400, 800), 0, 50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    sender.start();
    run.awaitRead(first, "first.log", 500);
    Thread.sleep(1500);
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no last checkpoint
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    Instant killedAt = Instant.now();
    sender.join();
    ReplayCommand.send(broker.bootstrapServers(), run.topic, lines.subList(800, LINES), 0, 0);

    Process second = run.start(true, "second.log");
    assertTrue("drained within 6 minutes", second.waitFor(6, TimeUnit.MINUTES));
    String log = run.log("second.log");
    assertEquals(log, 0, second.exitValue());
    Matcher resumed =
        Pattern.compile("resuming from checkpoint \\S+ \\(checkpoint \\d+, completed (\\S+)\\)")
            .matcher(log);
    assertTrue(log, resumed.find());
    assertTrue(
        "the killed job wrote Parquet files after its checkpoint, which the restored one replaced:\n"
            + log,
        log.contains(ReplaySafeParquet.REPLACED));
    run.check(log, Instant.parse(resumed.group(1)), killedAt);
  }

  @Test
  public void aBrokerRestartMidStreamLosesNothing() throws Exception {
    Run run = new Run("broker");
    ReplayCommand.send(broker.bootstrapServers(), run.topic, lines.subList(0, 500), 0, 0);
    Process job = run.start(true, "job.log", "--stopAfterIdle=60s");
    run.awaitRead(job, "job.log", 500);
    int port = broker.port();
    broker.close();
    Instant stoppedAt = Instant.now();
    broker =
        LocalKafka.start(kafkaDir, port, TMP.getRoot().toPath().resolve("kafka-after-restart.log"));
    ReplayCommand.send(broker.bootstrapServers(), run.topic, lines.subList(500, LINES), 0, 0);
    assertTrue("drained within 6 minutes", job.waitFor(6, TimeUnit.MINUTES));
    String log = run.log("job.log");
    assertEquals(log, 0, job.exitValue());
    run.check(log, stoppedAt.minusSeconds(60), Instant.now());
  }

  /** One job's topics, folders and checks. */
  static final class Run {
    final String name;
    final String topic;
    final Path checkpoints;
    final Path output;
    final Path logs;
    long checkpointingIntervalMs = 1000;

    Run(String name) throws Exception {
      this.name = name;
      this.topic = "transactions-" + name;
      this.checkpoints = TMP.newFolder("checkpoints-" + name).toPath();
      this.output = TMP.newFolder("stream-" + name).toPath();
      this.logs = TMP.newFolder("logs-" + name).toPath();
      try (KafkaTopics kafka = KafkaTopics.connect(broker.bootstrapServers())) {
        kafka.ensure(List.of(topic), 2);
      }
    }

    /** {@code ./etl bank-stream} in a child JVM, output to {@code log}. */
    Process start(boolean drain, String log, String... extra) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // ./etl's JVM flags (Flink's serializers need the --add-opens), a smaller heap
      for (String flag : Files.readAllLines(Path.of("..", "runner-profiles", "jvm.options"))) {
        if (!flag.isBlank() && !flag.startsWith("#") && !flag.startsWith("-Xmx")) {
          command.add(flag.trim());
        }
      }
      command.addAll(
          List.of(
              "-Xmx1g",
              "-cp",
              System.getProperty("java.class.path"),
              "dev.etl.pipelines.Main",
              "bank-stream",
              "--bootstrapServers=" + broker.bootstrapServers(),
              "--inputTopic=" + topic,
              "--alertsTopic=alerts-" + name,
              "--rejectedTopic=rejected-" + name,
              "--groupId=group-" + name,
              "--checkpointLocation=" + checkpoints,
              "--checkpointingInterval=" + checkpointingIntervalMs,
              "--countersInterval=1s",
              "--output=" + output,
              "--outputInterval=1s",
              "--locationStats=" + batchOut,
              "--maxBundleTimeMills=100"));
      if (drain && extra.length == 0) {
        command.add("--stopAfterIdle=5s");
      }
      command.addAll(List.of(extra));
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(logs.resolve(log).toFile())
          .start();
    }

    String log(String name) throws Exception {
      return Files.readString(logs.resolve(name), StandardCharsets.UTF_8);
    }

    /**
     * Until the group's committed offsets (those of a completed checkpoint) cover {@code atLeast}
     * lines: the printed counters lag (they print only when counts arrive).
     */
    void awaitRead(Process job, String log, long atLeast) throws Exception {
      await(job, log, text -> committed() >= atLeast, "committed offsets >= " + atLeast);
    }

    long committed() {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        return admin
            .listConsumerGroupOffsets("group-" + name)
            .partitionsToOffsetAndMetadata()
            .get()
            .values()
            .stream()
            .mapToLong(OffsetAndMetadata::offset)
            .sum();
      } catch (Exception e) {
        return -1;
      }
    }

    private void await(Process job, String log, Predicate<String> done, String what)
        throws Exception {
      long deadline = System.currentTimeMillis() + 300_000;
      while (System.currentTimeMillis() < deadline) {
        String text = log(log);
        if (done.test(text)) {
          return;
        }
        assertTrue("the job ended early:\n" + text, job.isAlive());
        Thread.sleep(200);
      }
      throw new AssertionError("no " + what + " within 5 minutes:\n" + log(log));
    }

    static long lastRead(String text) {
      long read = -1;
      Matcher m = READ.matcher(text);
      while (m.find()) {
        read = Long.parseLong(m.group(2).replace(",", ""));
      }
      return read;
    }

    /**
     * The drained run's guarantees; repeats must be copies of alerts first sent between {@code
     * since} (the restored checkpoint, less one interval and slack for its own duration) and {@code
     * until}.
     */
    void check(String log, Instant since, Instant until) throws Exception {
      Matcher fin = Pattern.compile("bank-stream: final (.*)").matcher(log);
      assertTrue(log, fin.find());
      String counters = fin.group(1);
      assertEquals(counters, LINES, lastRead(log)); // each line counted once across the restart
      long clean = count(counters, "clean");
      long duplicates = count(counters, "duplicates");
      long rejected = count(counters, "rejected");
      assertEquals(counters, LINES, clean + duplicates + rejected);

      // alerts: the batch job's, none missing; repeats are copies sent just before the stop
      Map<String, JsonNode> first = new HashMap<>();
      Set<String> streamAlerts = new TreeSet<>();
      int repeats = 0;
      for (JsonNode a : consume("alerts-" + name)) {
        String key = a.get("transaction_id").asText() + " " + a.get("reason").asText();
        JsonNode earlier = first.putIfAbsent(key, a);
        if (earlier != null) {
          repeats++;
          // a customer rule's figures depend on which of the customer's transactions had arrived
          // (from two partitions), and a replay can interleave the partitions differently
          boolean perCustomer =
              List.of(Suspicion.BURST, Suspicion.CUSTOMER_OUTLIER)
                  .contains(a.get("reason").asText());
          for (String field :
              perCustomer
                  ? List.of("event_time")
                  : List.of("observed", "compared_to", "event_time")) {
            assertEquals(key + " " + field, earlier.get(field), a.get(field));
          }
          Instant firstSent = Instant.parse(earlier.get("detected_at").asText());
          assertTrue(
              key + " first sent at " + firstSent + ", before " + since,
              firstSent.isAfter(since.minusSeconds(10)) && firstSent.isBefore(until));
        }
        if (SAME_AS_BATCH.contains(a.get("reason").asText())) {
          streamAlerts.add(key);
        }
      }
      assertEquals(batchAlerts, streamAlerts);
      System.out.printf(
          "%s: %d lines, %d alerts (%d distinct), %d repeated; %d Parquet folder(s) cleaned up"
              + " after the restore%n",
          name,
          LINES,
          first.size() + repeats,
          first.size(),
          repeats,
          log.lines().filter(l -> l.contains(ReplaySafeParquet.REPLACED)).count());

      // Parquet: every clean transaction and every alert there, each once (a restored job
      // replaces the files its killed predecessor wrote after the checkpoint)
      String transactions = "read_parquet('" + output + "/transactions/*/*.parquet')";
      assertEquals(clean, number("SELECT count(DISTINCT transaction_id) FROM " + transactions));
      assertEquals(clean, number("SELECT count(*) FROM " + transactions));
      String suspicious = "read_parquet('" + output + "/suspicious_transactions/*.parquet')";
      assertEquals(
          first.size(),
          number("SELECT count(DISTINCT (transaction_id, reason)) FROM " + suspicious));
      assertEquals(first.size(), number("SELECT count(*) FROM " + suspicious));

      // the group's committed offsets: the end of every partition (lag 0)
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets("group-" + name).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        assertEquals(2, committed.size());
        admin
            .listOffsets(latest)
            .all()
            .get()
            .forEach(
                (tp, end) -> assertEquals(tp.toString(), end.offset(), committed.get(tp).offset()));
      }
      assertFalse(log, log.contains("Exception in thread"));
    }

    static long count(String counters, String label) {
      Matcher m = Pattern.compile(label + " ([0-9,]+)").matcher(counters);
      assertTrue(counters, m.find());
      return Long.parseLong(m.group(1).replace(",", ""));
    }

    static long number(String sql) throws Exception {
      return ((Number) scalar(sql)).longValue();
    }
  }

  /** Every message of a topic. */
  static List<JsonNode> consume(String topic) throws Exception {
    return TopicMessages.all(broker.bootstrapServers(), topic);
  }
}
