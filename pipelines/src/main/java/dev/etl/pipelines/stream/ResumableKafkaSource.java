package dev.etl.pipelines.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaCheckpointMark;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * KafkaIO's source, made safe to restore on Beam 2.62's Flink runner. After a restore from a
 * checkpoint that runner's split enumerator hands every subtask its partitions a second time, as
 * new splits without a checkpoint (apache/beam#31313, fixed in Beam 2.63): next to the restored
 * reader, which goes on from the checkpoint's offsets, a second reader of the same partition would
 * start from --startFrom and read the topic once more, while the restored reader is never polled.
 * Here a reader created without a checkpoint for partitions that a restored reader of this JVM
 * holds goes on from that reader's checkpoint instead. A subtask always gets its restored splits
 * before the enumerator's (Flink adds them before the reader registers), and split i of a restart
 * holds the same partitions as split i before it, in the same subtask.
 */
final class ResumableKafkaSource<K, V>
    extends UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> {
  /** Partitions ("servers|topic-partition") read by a reader restored from a checkpoint. */
  private static final ConcurrentHashMap<String, KafkaCheckpointMark> RESTORED =
      new ConcurrentHashMap<>();

  private final UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> kafka;
  private final String servers;

  private ResumableKafkaSource(
      UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> kafka, String servers) {
    this.kafka = kafka;
    this.servers = servers;
  }

  /**
   * The source a configured {@code KafkaIO.read()} would read with (KafkaIO keeps it
   * package-private).
   */
  @SuppressWarnings("unchecked")
  static <K, V> ResumableKafkaSource<K, V> of(KafkaIO.Read<K, V> read, String servers) {
    try {
      java.lang.reflect.Method makeSource = KafkaIO.Read.class.getDeclaredMethod("makeSource");
      makeSource.setAccessible(true);
      return new ResumableKafkaSource<>(
          (UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark>) makeSource.invoke(read),
          servers);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("KafkaIO.Read#makeSource is gone: check the Beam version", e);
    }
  }

  @Override
  public List<ResumableKafkaSource<K, V>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<ResumableKafkaSource<K, V>> splits = new ArrayList<>();
    for (UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> s :
        kafka.split(desiredNumSplits, options)) {
      splits.add(new ResumableKafkaSource<>(s, servers));
    }
    return splits;
  }

  @Override
  public UnboundedReader<KafkaRecord<K, V>> createReader(
      PipelineOptions options, KafkaCheckpointMark mark) throws IOException {
    if (mark != null && mark.getPartitions().isEmpty()) {
      return new NothingReader(); // the checkpoint of a reader that yielded nothing
    }
    UnboundedReader<KafkaRecord<K, V>> reader = kafka.createReader(options, mark);
    String key = partitionsKey((KafkaCheckpointMark) reader.getCheckpointMark());
    if (mark != null) {
      RESTORED.put(key, mark);
      return new SourceReader(reader);
    }
    KafkaCheckpointMark restored = RESTORED.remove(key);
    if (restored != null) {
      // the runner re-assigned a restored split as a fresh one, and only the fresh one is read:
      // it goes on from the restored split's offsets
      try {
        reader.close(); // never started
      } catch (RuntimeException e) {
        // nothing to release
      }
      return new SourceReader(kafka.createReader(options, restored));
    }
    return new SourceReader(reader);
  }

  private String partitionsKey(KafkaCheckpointMark mark) {
    List<String> partitions = new ArrayList<>();
    for (KafkaCheckpointMark.PartitionMark p : mark.getPartitions()) {
      partitions.add(p.getTopic() + "-" + p.getPartition());
    }
    return servers + "|" + String.join(",", partitions);
  }

  @Override
  public Coder<KafkaCheckpointMark> getCheckpointMarkCoder() {
    return kafka.getCheckpointMarkCoder();
  }

  @Override
  public Coder<KafkaRecord<K, V>> getOutputCoder() {
    return kafka.getOutputCoder();
  }

  @Override
  public boolean requiresDeduping() {
    return kafka.requiresDeduping();
  }

  /**
   * KafkaIO's reader, naming this source as its own (the runner checkpoints that one) and
   * unregistering the partitions of a restored reader when closed.
   */
  private final class SourceReader extends UnboundedReader<KafkaRecord<K, V>> {
    private final UnboundedReader<KafkaRecord<K, V>> reader;

    SourceReader(UnboundedReader<KafkaRecord<K, V>> reader) {
      this.reader = reader;
    }

    @Override
    public boolean start() throws IOException {
      return reader.start();
    }

    @Override
    public boolean advance() throws IOException {
      return reader.advance();
    }

    @Override
    public KafkaRecord<K, V> getCurrent() {
      return reader.getCurrent();
    }

    @Override
    public Instant getCurrentTimestamp() {
      return reader.getCurrentTimestamp();
    }

    @Override
    public byte[] getCurrentRecordId() {
      return reader.getCurrentRecordId();
    }

    @Override
    public Instant getWatermark() {
      return reader.getWatermark();
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return reader.getCheckpointMark();
    }

    @Override
    public long getSplitBacklogBytes() {
      return reader.getSplitBacklogBytes();
    }

    @Override
    public UnboundedSource<KafkaRecord<K, V>, ?> getCurrentSource() {
      return ResumableKafkaSource.this;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** The duplicate split's reader: no records, a watermark that holds nothing back. */
  private final class NothingReader extends UnboundedReader<KafkaRecord<K, V>> {
    @Override
    public boolean start() {
      return false;
    }

    @Override
    public boolean advance() {
      return false;
    }

    @Override
    public KafkaRecord<K, V> getCurrent() {
      throw new NoSuchElementException();
    }

    @Override
    public Instant getCurrentTimestamp() {
      throw new NoSuchElementException();
    }

    @Override
    public Instant getWatermark() {
      return BoundedWindow.TIMESTAMP_MAX_VALUE;
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return new KafkaCheckpointMark(List.of(), Optional.empty());
    }

    @Override
    public UnboundedSource<KafkaRecord<K, V>, ?> getCurrentSource() {
      return ResumableKafkaSource.this;
    }

    @Override
    public void close() {}
  }
}
