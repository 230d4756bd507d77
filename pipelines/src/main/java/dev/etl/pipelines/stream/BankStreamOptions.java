package dev.etl.pipelines.stream;

import dev.etl.pipelines.bank.BankParseOptions;
import dev.etl.pipelines.bank.FraudRuleOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * Options of {@code ./etl bank-stream}; the fraud thresholds are the batch job's ({@link
 * FraudRuleOptions}).
 */
public interface BankStreamOptions extends FraudRuleOptions, BankParseOptions, StreamingOptions {
  @Description("Kafka bootstrap servers, host:port[,host:port] (./etl local-kafka prints them).")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Topic of raw bank CSV lines (no header), as ./etl replay bank writes them.")
  @Default.String("transactions")
  String getInputTopic();

  void setInputTopic(String value);

  @Description(
      "Topic the alerts go to: one JSON object per rule hit (the suspicious_transactions fields plus event_time and detected_at).")
  @Default.String("suspicious")
  String getAlertsTopic();

  void setAlertsTopic(String value);

  @Description(
      "Topic the dead letters go to: one JSON object per rejected line {file, position, raw, reason, detail}.")
  @Default.String("rejected")
  String getRejectedTopic();

  void setRejectedTopic(String value);

  @Description(
      "Optional processed zone (a local path or s3://bucket/prefix): clean transactions go to transactions/transaction_date=…/ "
          + "and alerts to suspicious_transactions/ as Parquet, in the batch job's layout, one set of files per --outputInterval.")
  String getOutput();

  void setOutput(String value);

  @Description("How often the Parquet files of --output are cut (wall-clock time), e.g. 60s, 5m.")
  @Default.String("60s")
  String getOutputInterval();

  void setOutputInterval(String value);

  @Description(
      "Stop once the input topic has had no new record for this long (e.g. 30s): the watermark then moves to the end, every "
          + "pending timer and window fires, the last files are written, the final counters printed, exit 0. "
          + "Unset: run until stopped (Ctrl-C drains the same way).")
  String getStopAfterIdle();

  void setStopAfterIdle(String value);

  @Description(
      "Event-time lateness the watermark tolerates: it trails the latest transaction time seen by this much (e.g. 2m).")
  @Default.String("1m")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String value);

  @Description(
      "Deduplicate by TransactionID within this much event time after its first arrival (state expires after it).")
  @Default.String("1d")
  String getDedupHorizon();

  void setDedupHorizon(String value);

  @Description(
      "customer_outlier and burst: keep at most this many recent transactions per customer.")
  @Default.Integer(100)
  int getCustomerHistorySize();

  void setCustomerHistorySize(int value);

  @Description(
      "customer_outlier and burst: forget a customer this much event time after their latest transaction.")
  @Default.String("30d")
  String getCustomerHistoryHorizon();

  void setCustomerHistoryHorizon(String value);

  @Description(
      "Where reading starts when --checkpointLocation holds no checkpoint (or is not given): earliest (the whole topic), "
          + "latest (new records only) or committed (the offsets --groupId committed; the whole topic where it has none).")
  @Default.String("earliest")
  String getStartFrom();

  void setStartFrom(String value);

  @Description(
      "Kafka consumer group of the job: the offsets of the records it has finished with (at each checkpoint) are committed "
          + "under this group, so kafka-consumer-groups.sh and other tools show its lag; --startFrom=committed resumes from them.")
  @Default.String("bank-stream")
  String getGroupId();

  void setGroupId(String value);

  @Description(
      "Folder (local) for the Flink job's checkpoints: Kafka offsets, watermark and all keyed state, written every "
          + "--checkpointingInterval (10 s unless given) and kept after a crash or Ctrl-C. A start with the same folder "
          + "resumes from its newest completed checkpoint; --startFrom then does not apply.")
  String getCheckpointLocation();

  void setCheckpointLocation(String value);

  @Description(
      "location_outlier in the stream: a bank batch output (local path or s3://) whose location_stats/ table holds the "
          + "statistics the rule scores against; read at start and re-read when its files change (checked every "
          + "--locationStatsRefresh). Unset: location_outlier does not run in the stream.")
  String getLocationStats();

  void setLocationStats(String value);

  @Description(
      "How often --locationStats is checked for new files (wall-clock time), e.g. 1m, 10m.")
  @Default.String("1m")
  String getLocationStatsRefresh();

  void setLocationStatsRefresh(String value);

  @Description("How often the running counters are printed (wall-clock time).")
  @Default.String("5s")
  String getCountersInterval();

  void setCountersInterval(String value);
}
