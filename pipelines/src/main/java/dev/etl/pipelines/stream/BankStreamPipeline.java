package dev.etl.pipelines.stream;

import dev.etl.pipelines.bank.BankParseOptions;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.Counts;
import dev.etl.pipelines.common.ReplaySafeParquet;
import dev.etl.pipelines.stream.StreamOptionChecks.Durations;
import dev.etl.transforms.bank.BankTables;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.core.CleanRecords;
import dev.etl.transforms.core.DedupByKeyStream;
import dev.etl.transforms.core.DropReplayedLines;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.csv.LineDecoder;
import dev.etl.transforms.fraud.FlagByCustomerStream;
import dev.etl.transforms.fraud.LocationOutlierStream;
import dev.etl.transforms.fraud.Suspicion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Duration;

/**
 * {@code ./etl bank-stream}: the bank job's parsing, validation and fraud rules on a Kafka topic of
 * raw CSV lines, in event time. Alerts and dead letters go to topics as JSON; with {@code --output}
 * the clean transactions and alerts also land as Parquet in the batch layout. {@code main →
 * run(options) → build(pipeline)} like the batch job.
 */
public final class BankStreamPipeline {
  private BankStreamPipeline() {}

  /** Checks the broker and topics, runs until drained (or forever) and returns the final counts. */
  public static Counts run(BankStreamOptions options) {
    Durations durations = StreamOptionChecks.check(options);
    try (KafkaTopics kafka = KafkaTopics.connect(options.getBootstrapServers())) {
      kafka.requireTopic(options.getInputTopic(), "--inputTopic");
      kafka.ensure(List.of(options.getAlertsTopic(), options.getRejectedTopic()), 1);
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
    if (options.getCheckpointLocation() == null) {
      build(pipeline, options, durations, stats, Checkpoints.newOutputFileStem());
    } else {
      Path dir = Checkpoints.writableDir(options.getCheckpointLocation());
      Optional<Checkpoints.Checkpoint> latest = Checkpoints.latest(dir);
      build(pipeline, options, durations, stats, Checkpoints.outputFileStem(dir, latest));
      resumeOrStart(pipeline, options, dir, latest);
    }
    return StreamCounts.finalCounts(DrainOnCtrlC.run(pipeline));
  }

  /**
   * Says which checkpoint the run resumes from (Checkpoints.withCheckpointing chose it) after
   * checking that this build can read it, and removes the older jobs' checkpoints.
   */
  private static void resumeOrStart(
      Pipeline pipeline,
      BankStreamOptions options,
      Path dir,
      Optional<Checkpoints.Checkpoint> latest) {
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

  /**
   * Kafka lines to clean transactions and their dead letters, the fraud rules on them, alerts and
   * dead letters back to Kafka (and with --output, Parquet), running counts on the console.
   */
  static void build(
      Pipeline pipeline,
      BankStreamOptions options,
      Durations durations,
      LocationStatsFiles stats,
      String outputFileStem) {
    StepResult<Parsed<BankTransaction>> cleaned =
        pipeline
            .apply("ReadTransactions", readTransactions(options, durations))
            .apply(
                "CleanTransactions",
                CleanRecords.of(
                    BankPipeline.parseTransactions(BankParseOptions.latestTransactionDate(options)),
                    DedupByKeyStream.by(
                        "transaction_id",
                        BankTransaction::transactionId,
                        durations.dedupHorizon())));
    PCollection<BankTransaction> clean = cleaned.good().apply("DropSources", Parsed.values());
    PCollection<Suspicion> alerts =
        flagSuspicious(clean, options, durations, stats)
            .apply("CollectAlerts", Flatten.pCollections());

    alerts
        .apply("AlertsAsJson", ParDo.of(new AlertJson.AlertJsonFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("WriteAlerts", kafkaWrite(options.getBootstrapServers(), options.getAlertsTopic()));
    cleaned
        .rejected()
        .apply(
            "DeadLettersAsJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(d -> KV.of(d.source().file(), d.toJson())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(
            "WriteRejected", kafkaWrite(options.getBootstrapServers(), options.getRejectedTopic()));
    if (options.getOutput() != null) {
      writeParquet(clean, alerts, options.getOutput(), outputFileStem, durations.outputInterval());
    }
    StreamCounts.countAndPrint(
        List.of(cleaned.counts()), clean, cleaned.rejected(), alerts, durations.countersInterval());
  }

  /**
   * The raw lines of the input topic, each with its topic/partition and offset as its source, each
   * offset once (a restored job can read part of a partition twice: see DropReplayedLines).
   */
  private static PTransform<PBegin, PCollection<SourceLine>> readTransactions(
      BankStreamOptions options, Durations durations) {
    return new PTransform<>() {
      @Override
      public PCollection<SourceLine> expand(PBegin begin) {
        return begin
            .apply(
                "ReadKafka",
                Read.from(
                    ResumableKafkaSource.of(
                        kafkaRead(options, durations), options.getBootstrapServers())))
            .apply(
                "ToSourceLines",
                MapElements.into(TypeDescriptor.of(SourceLine.class))
                    .via(BankStreamPipeline::sourceLine))
            .setCoder(SourceLine.Coder.of())
            .apply("DropReplayedLines", DropReplayedLines.create());
      }
    };
  }

  private static KafkaIO.Read<String, byte[]> kafkaRead(
      BankStreamOptions options, Durations durations) {
    return KafkaIO.<String, byte[]>read()
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
                options.getStartFrom().equals("latest") ? "latest" : "earliest"))
        .withConsumerFactoryFn(StartingConsumer.factory(options.getStartFrom()))
        .commitOffsetsInFinalize()
        .withTimestampPolicyFactory(
            EventTimePolicy.factory(durations.maxOutOfOrderness(), durations.stopAfterIdle()));
  }

  /**
   * The rules that need no history, the location rule against published statistics (with
   * --locationStats) and the per-customer rules over a bounded history per customer.
   */
  private static PCollectionList<Suspicion> flagSuspicious(
      PCollection<BankTransaction> clean,
      BankStreamOptions options,
      Durations durations,
      LocationStatsFiles stats) {
    PCollectionList<Suspicion> hits =
        PCollectionList.of(clean.apply("FlagTransactions", BankPipeline.transactionRules(options)));
    if (stats != null) {
      hits =
          hits.and(
              clean.apply(
                  "FlagLocationOutliers",
                  LocationOutlierStream.of(
                      stats,
                      durations.locationStatsRefresh(),
                      options.getLocationOutlierZ(),
                      options.getLocationOutlierMinTransactions())));
    }
    return hits.and(
        clean.apply(
            "FlagByCustomer",
            FlagByCustomerStream.of(
                    BankPipeline.burst(options), BankPipeline.customerOutlier(options))
                .withHistory(options.getCustomerHistorySize(), durations.customerHorizon())));
  }

  /**
   * The clean transactions and the alerts in the batch layout, a file per folder and interval,
   * replaced rather than repeated when a restored job replays what came after its checkpoint.
   */
  private static void writeParquet(
      PCollection<BankTransaction> clean,
      PCollection<Suspicion> alerts,
      String output,
      String fileStem,
      Duration interval) {
    String out = output.replaceAll("/+$", "");
    clean.apply(
        "WriteTransactions",
        ReplaySafeParquet.partitioned(
            out + "/transactions",
            "transaction_date",
            BankTables::partitionOf,
            BankTables::toRecord,
            BankTables.TRANSACTION,
            fileStem,
            interval));
    alerts.apply(
        "WriteSuspiciousTransactions",
        ReplaySafeParquet.of(
            out + "/suspicious_transactions",
            Suspicion::toRecord,
            Suspicion.SCHEMA,
            fileStem,
            interval));
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
}
