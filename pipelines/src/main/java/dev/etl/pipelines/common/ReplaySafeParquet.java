package dev.etl.pipelines.common;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's Parquet sink whose files a restore from a checkpoint replaces instead of repeating.
 * Per folder (a Hive partition, or the table folder) rows are buffered in keyed state and written
 * every {@code interval} of wall-clock time (and when the stream drains) as {@code
 * <stem>-<n>.parquet}, where the stem names the job and every job resumed from its checkpoints, and
 * the folder's next {@code n} is keyed state. A restored job therefore numbers a folder's files
 * from where its checkpoint was, and before it writes a folder it deletes that folder's files of
 * the stem numbered from there on (from 0 where the checkpoint knew no such folder): the killed job
 * wrote them after the checkpoint, and their rows come again with the replay. FileIO's triggered
 * writes name files by firing, whose boundaries differ after a restart, so they cannot be made to
 * overwrite themselves.
 */
public final class ReplaySafeParquet<T> extends PTransform<PCollection<T>, PDone> {
  private static final Logger LOG = LoggerFactory.getLogger(ReplaySafeParquet.class);

  /** How the log line that reports a restore's replaced files begins. */
  public static final String REPLACED = "replaced after the restore";

  private final String dir;
  private final SerializableFunction<T, String> folderFn;
  private final SerializableFunction<T, GenericRecord> toRecord;
  private final String schema;
  private final String stem;
  private final Duration interval;

  private ReplaySafeParquet(
      String dir,
      SerializableFunction<T, String> folderFn,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      String stem,
      Duration interval) {
    this.dir = dir.replaceAll("/+$", "");
    this.stem = stem;
    this.folderFn = folderFn;
    this.toRecord = toRecord;
    this.schema = schema.toString();
    this.interval = interval;
  }

  /** Files under {@code dir/<column>=<value>/}, Hive style. */
  public static <T> ReplaySafeParquet<T> partitioned(
      String dir,
      String column,
      SerializableFunction<T, String> valueFn,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      String stem,
      Duration interval) {
    return new ReplaySafeParquet<>(
        dir, row -> column + "=" + valueFn.apply(row), toRecord, schema, stem, interval);
  }

  /** Files directly under {@code dir}. */
  public static <T> ReplaySafeParquet<T> of(
      String dir,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      String stem,
      Duration interval) {
    return new ReplaySafeParquet<>(dir, row -> "", toRecord, schema, stem, interval);
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    Coder<T> coder = rows.getCoder();
    rows.apply("InOneWindow", Window.<T>into(new GlobalWindows()))
        .apply("KeyByFolder", WithKeys.of(folderFn).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("WriteNumberedFiles", ParDo.of(new WriteNumberedFilesFn<>(this, coder)));
    return PDone.in(rows.getPipeline());
  }

  /** The folder's path, with a trailing '/'. */
  private String folderPath(String folder) {
    return dir + "/" + (folder.isEmpty() ? "" : folder + "/");
  }

  static final class WriteNumberedFilesFn<T> extends DoFn<KV<String, T>, Void> {
    private final ReplaySafeParquet<T> sink;

    @StateId("rows")
    private final StateSpec<BagState<T>> rowsSpec;

    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("interval")
    private final TimerSpec intervalSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @TimerId("drained")
    private final TimerSpec drainedSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    /** Folders this instance has cleaned up since it was created (a start or a restore). */
    private transient Set<String> checked;

    WriteNumberedFilesFn(ReplaySafeParquet<T> sink, Coder<T> coder) {
      this.sink = sink;
      this.rowsSpec = StateSpecs.bag(coder);
    }

    @Setup
    public void setup() {
      checked = new HashSet<>();
    }

    @ProcessElement
    public void process(
        @Element KV<String, T> element,
        @StateId("rows") BagState<T> rows,
        @StateId("next") ValueState<Long> next,
        @TimerId("interval") Timer intervalTimer,
        @TimerId("drained") Timer drainedTimer)
        throws IOException {
      removeFilesAfterCheckpoint(element.getKey(), next);
      if (rows.isEmpty().read()) {
        intervalTimer.offset(sink.interval).setRelative();
        drainedTimer.set(GlobalWindow.INSTANCE.maxTimestamp());
      }
      rows.add(element.getValue());
    }

    @OnTimer("interval")
    public void onInterval(
        @Key String folder,
        @StateId("rows") BagState<T> rows,
        @StateId("next") ValueState<Long> next)
        throws IOException {
      write(folder, rows, next);
    }

    @OnTimer("drained")
    public void onDrained(
        @Key String folder,
        @StateId("rows") BagState<T> rows,
        @StateId("next") ValueState<Long> next)
        throws IOException {
      write(folder, rows, next);
    }

    private void write(String folder, BagState<T> rows, ValueState<Long> next) throws IOException {
      removeFilesAfterCheckpoint(folder, next);
      Iterable<T> buffered = rows.read();
      if (!buffered.iterator().hasNext()) {
        return;
      }
      long n = nextNumber(next);
      String name = sink.stem + "-" + n + ".parquet";
      String base = sink.folderPath(folder);
      ResourceId temp = FileSystems.matchNewResource(base + "." + name + ".tmp", false);
      ParquetIO.Sink parquet =
          Writers.snappyParquet(new Schema.Parser().parse(sink.schema), Map.of());
      try (WritableByteChannel channel = FileSystems.create(temp, MimeTypes.BINARY)) {
        parquet.open(channel);
        for (T row : buffered) {
          parquet.write(sink.toRecord.apply(row));
        }
        parquet.flush();
      }
      FileSystems.rename(List.of(temp), List.of(FileSystems.matchNewResource(base + name, false)));
      rows.clear();
      next.write(n + 1);
    }

    /**
     * Once per folder and start: the stem's files that this folder's state does not know yet
     * (numbered from its next file on) were written after the checkpoint the job resumed from, so
     * go. On a fresh start (a new stem) there are none.
     */
    private void removeFilesAfterCheckpoint(String folder, ValueState<Long> next)
        throws IOException {
      if (!checked.add(folder)) {
        return;
      }
      String prefix = sink.stem + "-";
      long from = nextNumber(next);
      String base = sink.folderPath(folder);
      List<ResourceId> stale = new ArrayList<>();
      for (String pattern : List.of(base + prefix + "*.parquet", base + "." + prefix + "*")) {
        MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
        if (match.status() != MatchResult.Status.OK) {
          continue;
        }
        for (MatchResult.Metadata file : match.metadata()) {
          String name = file.resourceId().getFilename();
          if (name.startsWith(".") || fileNumber(name, prefix) >= from) {
            stale.add(file.resourceId());
          }
        }
      }
      if (!stale.isEmpty()) {
        FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
        // a warning: it only happens after a crash, and says what the restore changed on disk
        LOG.warn(
            REPLACED + ": removed {} file(s) of {} written after the checkpoint",
            stale.size(),
            base);
      }
    }

    private static long nextNumber(ValueState<Long> next) {
      Long n = next.read();
      return n == null ? 0 : n;
    }

    static long fileNumber(String name, String prefix) {
      return Long.parseLong(name.substring(prefix.length(), name.length() - ".parquet".length()));
    }
  }
}
