package dev.etl.pipelines.stream;

import dev.etl.transforms.bank.BankCsv;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time for a bank topic partition: the transaction date and time in the record's CSV line
 * (not the Kafka timestamp, which a producer may set to "now" or the broker to its append time).
 * The watermark trails the largest event time seen by {@code maxOutOfOrderness}, and it does not
 * move while the partition is idle: KafkaIO's create-time and log-append-time policies advance an
 * idle partition to wall-clock now, which would make every later record of a 2016 replay late.
 *
 * <p>Stopping: once no record has arrived for {@code stopAfterIdle} (if set) while the partition
 * has no backlog (a job restored from a checkpoint may wait long for its first records), or after
 * {@link #drain()} (Ctrl-C), the watermark jumps to the end of time. The runner then fires every
 * pending timer and window, and the job ends once the sinks are done: a drain, not a cancel.
 */
final class EventTimePolicy extends TimestampPolicy<String, byte[]> {
  private static final AtomicBoolean DRAINING = new AtomicBoolean();

  private final Duration maxOutOfOrderness;
  private final Duration stopAfterIdle;
  private Instant maxEventTime;
  private long lastRecordAtMs = System.currentTimeMillis();
  private boolean stopped;

  private EventTimePolicy(
      Duration maxOutOfOrderness, Duration stopAfterIdle, Optional<Instant> previousWatermark) {
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.stopAfterIdle = stopAfterIdle;
    this.maxEventTime =
        previousWatermark
            .map(w -> w.plus(maxOutOfOrderness))
            .orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  /** {@code stopAfterIdle} null: run until drained. */
  static TimestampPolicyFactory<String, byte[]> factory(
      Duration maxOutOfOrderness, Duration stopAfterIdle) {
    return (TopicPartition partition, Optional<Instant> previousWatermark) ->
        new EventTimePolicy(maxOutOfOrderness, stopAfterIdle, previousWatermark);
  }

  /**
   * Ends every stream of this JVM as {@code --stopAfterIdle} would (the Ctrl-C hook of an embedded
   * run).
   */
  static void drain() {
    DRAINING.set(true);
  }

  @Override
  public Instant getTimestampForRecord(
      PartitionContext context, KafkaRecord<String, byte[]> record) {
    lastRecordAtMs = System.currentTimeMillis();
    // the date and time fields are ASCII: any ASCII-compatible decoding finds them, bad bytes
    // elsewhere or not
    byte[] value = record.getKV().getValue();
    Instant eventTime =
        value == null ? null : BankCsv.eventTime(new String(value, StandardCharsets.ISO_8859_1));
    if (eventTime == null) {
      // a line without an event time (a dead letter to be): it must not move the watermark
      return maxEventTime.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)
          ? maxEventTime
          : new Instant(record.getTimestamp());
    }
    if (eventTime.isAfter(maxEventTime)) {
      maxEventTime = eventTime;
    }
    return eventTime;
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    if (context.getMessageBacklog() != 0) {
      // records wait in the partition, or the reader does not know yet (a job starting or restored
      // from a checkpoint, its first records not fetched): behind, not idle
      lastRecordAtMs = System.currentTimeMillis();
    }
    if (!stopped
        && (DRAINING.get()
            || (stopAfterIdle != null
                && System.currentTimeMillis() - lastRecordAtMs >= stopAfterIdle.getMillis()))) {
      stopped = true;
    }
    if (stopped) {
      return BoundedWindow.TIMESTAMP_MAX_VALUE;
    }
    return maxEventTime.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE.plus(maxOutOfOrderness))
        ? maxEventTime.minus(maxOutOfOrderness)
        : BoundedWindow.TIMESTAMP_MIN_VALUE;
  }
}
