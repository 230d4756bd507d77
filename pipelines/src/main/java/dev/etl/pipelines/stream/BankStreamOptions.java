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
      "Where reading starts when the job has no checkpoint: earliest (the whole topic) or latest (new records only).")
  @Default.String("earliest")
  String getStartFrom();

  void setStartFrom(String value);

  @Description("How often the running counters are printed (wall-clock time).")
  @Default.String("5s")
  String getCountersInterval();

  void setCountersInterval(String value);
}
