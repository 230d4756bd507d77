package dev.etl.pipelines.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.OptionChecks;
import dev.etl.pipelines.bank.BankParseOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.common.Writers;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.bank.BankTables;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.DedupByKeyStream;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.TaggedResult;
import dev.etl.transforms.csv.LineDecoder;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.fraud.FlagByCustomerStream;
import dev.etl.transforms.fraud.LocationOutlierStream;
import dev.etl.transforms.fraud.Suspicion;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * {@code ./etl bank-stream}: the bank job's parsing, validation and fraud rules on a Kafka topic of
 * raw CSV lines, in event time. Alerts and dead letters go to topics as JSON; with {@code --output}
 * the clean transactions and alerts also land as Parquet in the batch layout. {@code main →
 * run(options) → build(pipeline)} like the batch job.
 */
public final class BankStreamPipeline {
  public static final String LINES_READ = ParseCsv.LINES_READ;
  public static final String CLEAN = "rows_clean";
  public static final String DUPLICATES = "duplicates_removed";
  public static final String REJECTED = "rejected:";
  public static final String ALERTS = "alerts:";
  static final String METRICS_NAMESPACE = "bank-stream";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private BankStreamPipeline() {}

  /**
   * What a drained run counted (label to count): read, clean, duplicates, rejected by reason,
   * alerts by rule.
   */
  public record Report(Map<String, Long> counts) {
    public long count(String label) {
      return counts.getOrDefault(label, 0L);
    }

    public long total(String prefix) {
      return counts.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    public boolean reconciled() {
      return count(LINES_READ) == count(CLEAN) + count(DUPLICATES) + total(REJECTED);
    }
  }

  /** Checks the broker and topics, runs until drained (or forever) and returns the final counts. */
  public static Report run(BankStreamOptions options) {
    OptionChecks.fraudRules(options);
    BankParseOptions.latestTransactionDate(options); // a bad date fails before the job starts
    Durations settings = Durations.of(options);
    try (KafkaTopics kafka = KafkaTopics.connect(options.getBootstrapServers())) {
      kafka.requireTopic(options.getInputTopic(), "--inputTopic");
      kafka.ensure(List.of(options.getAlertsTopic(), options.getRejectedTopic()), 1);
    }
    if (!List.of("earliest", "latest", "committed").contains(options.getStartFrom())) {
      throw new UserError(
          "--startFrom must be earliest, latest or committed, got " + options.getStartFrom());
    }
    LocationStatsFiles stats =
        options.getLocationStats() == null
            ? null
            : LocationStatsFiles.check(options.getLocationStats(), options);
    options.setStreaming(true);
    // KafkaIO's classic reader: its watermark is our TimestampPolicy's, and a reader whose
    // watermark reaches the end of time ends the stream on the direct and Flink runners alike.
    ExperimentalOptions.addExperiment(options.as(ExperimentalOptions.class), "use_deprecated_read");
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, settings, stats);
    if (options.getCheckpointLocation() != null) {
      resumeOrStart(pipeline, options);
    }
    // Ctrl-C: end the stream as --stopAfterIdle would and let the JVM exit only once it drained
    java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
    Thread drainOnCtrlC =
        new Thread(
            () -> {
              EventTimePolicy.drain();
              System.err.println(
                  "bank-stream: draining (pending timers, windows and files), up to 60 s ...");
              try {
                drained.await(60, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(drainOnCtrlC);
    PipelineResult result;
    try {
      result = pipeline.run();
      result.waitUntilFinish();
    } finally {
      drained.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(drainOnCtrlC);
    } catch (IllegalStateException e) {
      // the JVM is shutting down (Ctrl-C): the hook has done its job
    }
    return new Report(finalCounts(result));
  }

  /**
   * Says which checkpoint the run resumes from (Checkpoints.withCheckpointing chose it) after
   * checking that this build can read it, and removes the older jobs' checkpoints.
   */
  private static void resumeOrStart(Pipeline pipeline, BankStreamOptions options) {
    java.nio.file.Path dir = Checkpoints.writableDir(options.getCheckpointLocation());
    java.util.Optional<Checkpoints.Checkpoint> latest = Checkpoints.latest(dir);
    Checkpoints.checkBuild(dir, latest, Checkpoints.coderClasses(pipeline));
    if (latest.isPresent()) {
      System.out.println(
          "bank-stream: resuming from checkpoint "
              + latest.get()
              + (options.getStartFrom().equals("earliest")
                  ? ""
                  : "; --startFrom=" + options.getStartFrom() + " does not apply"));
    } else {
      System.out.println(
          "bank-stream: no checkpoint in "
              + dir
              + " yet: reading from --startFrom="
              + options.getStartFrom()
              + "; checkpoints go there from now on");
    }
    System.out.flush();
    Checkpoints.removeOlderJobs(dir, latest);
  }

  /** The parsed durations of the options (a bad one is a user error). */
  record Durations(
      Duration maxOutOfOrderness,
      Duration stopAfterIdle,
      Duration dedupHorizon,
      Duration customerHorizon,
      Duration outputInterval,
      Duration countersInterval,
      Duration locationStatsRefresh) {
    static Durations of(BankStreamOptions o) {
      return new Durations(
          parse(o.getMaxOutOfOrderness(), "--maxOutOfOrderness"),
          o.getStopAfterIdle() == null ? null : parse(o.getStopAfterIdle(), "--stopAfterIdle"),
          parse(o.getDedupHorizon(), "--dedupHorizon"),
          parse(o.getCustomerHistoryHorizon(), "--customerHistoryHorizon"),
          parse(o.getOutputInterval(), "--outputInterval"),
          parse(o.getCountersInterval(), "--countersInterval"),
          parse(o.getLocationStatsRefresh(), "--locationStatsRefresh"));
    }

    /** 500ms, 30s, 5m, 2h, 1d. */
    static Duration parse(String text, String option) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)")
              .matcher(text == null ? "" : text.trim());
      if (!m.matches()) {
        throw new UserError(
            option + " must be a duration like 500ms, 30s, 5m, 2h or 1d, got '" + text + "'");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.millis(n);
        case "s" -> Duration.standardSeconds(n);
        case "m" -> Duration.standardMinutes(n);
        case "h" -> Duration.standardHours(n);
        default -> Duration.standardDays(n);
      };
    }
  }

  public static void build(
      Pipeline pipeline,
      BankStreamOptions options,
      Durations settings,
      LocationStatsFiles locationStats) {
    PCollection<SourceLine> lines =
        pipeline
            .apply(
                "ReadTransactions",
                org.apache.beam.sdk.io.Read.from(
                    ResumableKafkaSource.of(
                        KafkaIO.<String, byte[]>read()
                            .withBootstrapServers(options.getBootstrapServers())
                            .withTopic(options.getInputTopic())
                            .withKeyDeserializerAndCoder(
                                StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
                            .withValueDeserializerAndCoder(
                                ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()))
                            .withConsumerConfigUpdates(
                                Map.of(
                                    "group.id",
                                    options.getGroupId(),
                                    // committed: where the group has no offsets, the whole topic
                                    "auto.offset.reset",
                                    options.getStartFrom().equals("latest")
                                        ? "latest"
                                        : "earliest"))
                            .withConsumerFactoryFn(StartingConsumer.factory(options.getStartFrom()))
                            .commitOffsetsInFinalize()
                            .withTimestampPolicyFactory(
                                EventTimePolicy.factory(
                                    settings.maxOutOfOrderness(), settings.stopAfterIdle())),
                        options.getBootstrapServers())))
            .apply(
                "ToSourceLines",
                MapElements.into(TypeDescriptor.of(SourceLine.class))
                    .via(BankStreamPipeline::sourceLine))
            .setCoder(SourceLine.Coder.of());

    TaggedResult<Parsed<BankTransaction>> parsed =
        lines.apply(
            "ParseTransactions",
            ParseCsv.of(
                BankCsv.HEADER.size(),
                BankCsv.mapper(BankParseOptions.latestTransactionDate(options)),
                BankTransaction.TransactionCoder.of()));

    DedupByKey.Result<BankTransaction> dedup =
        parsed
            .good()
            .apply(
                "DedupTransactions",
                DedupByKeyStream.by(
                    "transaction_id", BankTransaction::transactionId, settings.dedupHorizon()));

    PCollection<BankTransaction> clean =
        dedup
            .unique()
            .apply(
                "DropSources",
                MapElements.into(TypeDescriptor.of(BankTransaction.class)).via(Parsed::value))
            .setCoder(BankTransaction.TransactionCoder.of());

    PCollectionList<Suspicion> hits =
        PCollectionList.of(clean.apply("FlagTransactions", BankPipeline.transactionRules(options)));
    if (locationStats != null) {
      hits =
          hits.and(
              clean.apply(
                  "FlagLocationOutliers",
                  LocationOutlierStream.of(
                      locationStats,
                      settings.locationStatsRefresh(),
                      options.getLocationOutlierZ(),
                      options.getLocationOutlierMinTransactions())));
    }
    PCollection<Suspicion> alerts =
        hits.and(
                clean.apply(
                    "FlagByCustomer",
                    FlagByCustomerStream.of(
                            BankPipeline.burst(options), BankPipeline.customerOutlier(options))
                        .withHistory(options.getCustomerHistorySize(), settings.customerHorizon())))
            .apply("CollectAlerts", Flatten.pCollections());

    PCollection<DeadLetter> rejected =
        PCollectionList.of(parsed.rejected())
            .and(dedup.conflicting())
            .apply("CollectRejected", Flatten.pCollections());

    alerts
        .apply("AlertsAsJson", ParDo.of(new AlertJsonFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("WriteAlerts", kafkaWrite(options.getBootstrapServers(), options.getAlertsTopic()));
    rejected
        .apply(
            "DeadLettersAsJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(d -> KV.of(d.source().file(), d.toJson())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(
            "WriteRejected", kafkaWrite(options.getBootstrapServers(), options.getRejectedTopic()));

    if (options.getOutput() != null) {
      String runPrefix = "part-" + System.currentTimeMillis();
      String out = options.getOutput().replaceAll("/+$", "");
      clean
          .apply("CutTransactionFiles", everyInterval(settings.outputInterval()))
          .apply(
              "WriteTransactions",
              Writers.partitionedParquet(
                  out + "/transactions",
                  "transaction_date",
                  BankTables::partitionOf,
                  BankTables::toRecord,
                  BankTables.TRANSACTION,
                  1,
                  runPrefix));
      alerts
          .apply("CutAlertFiles", everyInterval(settings.outputInterval()))
          .apply(
              "WriteSuspiciousTransactions",
              Writers.parquet(
                  out + "/suspicious_transactions",
                  Suspicion::toRecord,
                  Suspicion.SCHEMA,
                  1,
                  Map.of(),
                  runPrefix));
    }

    PCollectionList.of(parsed.counts())
        .and(clean.apply("CountClean", CountLabels.perBundle(CLEAN)))
        .and(dedup.duplicates().apply("CountDuplicates", CountLabels.perBundle(DUPLICATES)))
        .and(
            rejected.apply(
                "CountRejected", CountLabels.perBundle(r -> List.of(REJECTED + r.reason()))))
        .and(alerts.apply("CountAlerts", CountLabels.perBundle(a -> List.of(ALERTS + a.reason()))))
        .apply("FlattenCounts", Flatten.pCollections())
        .apply("RunningCounts", CountLabels.running(settings.countersInterval()))
        .apply("PrintCounts", ParDo.of(new PrintCountsFn()));
  }

  private static final LineDecoder UTF_8 = LineDecoder.of(LineDecoder.DEFAULT_ENCODING);

  /**
   * Decoded as the batch job decodes a file's line: bytes invalid in UTF-8 make a bad_encoding dead
   * letter.
   */
  static SourceLine sourceLine(KafkaRecord<String, byte[]> record) {
    byte[] value = record.getKV().getValue();
    return UTF_8.decode(
        record.getTopic() + "/" + record.getPartition(),
        record.getOffset(),
        value == null ? new byte[0] : value);
  }

  private static <T> Window<T> everyInterval(Duration interval) {
    return Window.<T>into(new GlobalWindows())
        .triggering(
            Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(interval)))
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  private static PTransform<PCollection<KV<String, String>>, ?> kafkaWrite(
      String bootstrapServers, String topic) {
    return KafkaIO.<String, String>write()
        .withBootstrapServers(bootstrapServers)
        .withTopic(topic)
        .withKeySerializer(StringSerializer.class)
        .withValueSerializer(StringSerializer.class)
        // alerts are latency-bound: send within 5 ms rather than wait for full batches
        .withProducerConfigUpdates(Map.of("linger.ms", 5));
  }

  /**
   * One alert as JSON, keyed by customer: the suspicious_transactions fields plus event_time and
   * detected_at.
   */
  static final class AlertJsonFn extends DoFn<Suspicion, KV<String, String>> {
    @ProcessElement
    public void process(@Element Suspicion s, OutputReceiver<KV<String, String>> out)
        throws JsonProcessingException {
      out.output(KV.of(s.customerId(), alertJson(s, Instant.now())));
    }
  }

  static String alertJson(Suspicion s, Instant detectedAt) throws JsonProcessingException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("transaction_id", s.transactionId());
    fields.put("reason", s.reason());
    fields.put("customer_id", s.customerId());
    fields.put("transaction_date", s.transactionDate().toString());
    fields.put("transaction_time", HH_MM_SS.format(s.transactionTime()));
    fields.put("amount_inr", s.amountInr());
    fields.put("observed", s.observed());
    fields.put("compared_to", s.comparedTo());
    fields.put("detail", s.detail());
    fields.put(
        "event_time",
        BankTransaction.eventTime(s.transactionDate(), s.transactionTime()).toString());
    fields.put("detected_at", detectedAt.toString());
    return JSON.writeValueAsString(fields);
  }

  /**
   * Prints the running counters; the final ones also become metrics, which the driver reads back.
   */
  static final class PrintCountsFn extends DoFn<KV<Boolean, Map<String, Long>>, Void> {
    @ProcessElement
    public void process(@Element KV<Boolean, Map<String, Long>> totals) {
      Report report = new Report(totals.getValue());
      System.out.println("bank-stream: " + (totals.getKey() ? "final " : "") + describe(report));
      System.out.flush();
      if (totals.getKey()) {
        totals
            .getValue()
            .forEach((label, count) -> Metrics.counter(METRICS_NAMESPACE, label).inc(count));
      }
    }
  }

  /**
   * "read 1,000 | clean 950 | duplicates 10 | rejected 40 (bad_amount 12, ...) | alerts 31 (burst
   * 9, ...)".
   */
  public static String describe(Report r) {
    return String.format(
        Locale.ROOT,
        "read %,d | clean %,d | duplicates %,d | rejected %,d%s | alerts %,d%s",
        r.count(LINES_READ),
        r.count(CLEAN),
        r.count(DUPLICATES),
        r.total(REJECTED),
        byPrefix(r, REJECTED),
        r.total(ALERTS),
        byPrefix(r, ALERTS));
  }

  private static String byPrefix(Report r, String prefix) {
    List<String> parts = new ArrayList<>();
    new java.util.TreeMap<>(r.counts())
        .forEach(
            (label, count) -> {
              if (label.startsWith(prefix)) {
                parts.add(
                    label.substring(prefix.length())
                        + " "
                        + String.format(Locale.ROOT, "%,d", count));
              }
            });
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static Map<String, Long> finalCounts(PipelineResult result) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(METRICS_NAMESPACE))
                    .build())
            .getCounters()) {
      Long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      counts.merge(counter.getName().getName(), value, Long::sum);
    }
    return counts;
  }
}
