package dev.etl.pipelines.common;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.LiveProgress;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The sinks our jobs write with: snappy Parquet (plain or Hive-partitioned), JSON-lines dead
 * letters, counts.
 */
public final class Writers {
  private Writers() {}

  /**
   * Parquet files under {@code dir/<column>=<value>/}, Hive style, {@code numShards} per value.
   * Always a fixed shard count: with runner-determined sharding, Beam 2.62's Spark runner finalized
   * the files of one partition in separate groups and named two of them alike, so one overwrote the
   * other (a third of the rows lost on the full bank file, found by a Spark-vs-direct test).
   */
  public static <T> PTransform<PCollection<T>, WriteFilesResult<String>> partitionedParquet(
      String dir,
      String partitionColumn,
      SerializableFunction<T, String> partitionFn,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      int numShards) {
    return partitionedParquet(
        dir, partitionColumn, partitionFn, toRecord, schema, numShards, "part");
  }

  /**
   * With a file-name prefix: an incremental run names its files uniquely, so they join the earlier
   * runs' files instead of overwriting them.
   */
  public static <T> PTransform<PCollection<T>, WriteFilesResult<String>> partitionedParquet(
      String dir,
      String partitionColumn,
      SerializableFunction<T, String> partitionFn,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      int numShards,
      String prefix) {
    return new PTransform<>() {
      @Override
      public WriteFilesResult<String> expand(PCollection<T> input) {
        FileIO.Write<String, T> write =
            FileIO.<String, T>writeDynamic()
                .by(partitionFn)
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(counted(dir, toRecord)), snappyParquet(schema, Map.of()))
                .to(dir)
                .withNaming(
                    value ->
                        FileIO.Write.defaultNaming(
                            partitionColumn + "=" + value + "/" + prefix, ".parquet"))
                .withNumShards(checkShards(numShards));
        return input.apply(write);
      }
    };
  }

  public static <T> PTransform<PCollection<T>, WriteFilesResult<Void>> parquet(
      String dir, SerializableFunction<T, GenericRecord> toRecord, Schema schema, int numShards) {
    return parquet(dir, toRecord, schema, numShards, Map.of());
  }

  /** With Parquet writer settings, e.g. {@code parquet.enable.dictionary#user_id=false}. */
  public static <T> PTransform<PCollection<T>, WriteFilesResult<Void>> parquet(
      String dir,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      int numShards,
      Map<String, String> parquetSettings) {
    return parquet(dir, toRecord, schema, numShards, parquetSettings, "part");
  }

  public static <T> PTransform<PCollection<T>, WriteFilesResult<Void>> parquet(
      String dir,
      SerializableFunction<T, GenericRecord> toRecord,
      Schema schema,
      int numShards,
      Map<String, String> parquetSettings,
      String prefix) {
    return new PTransform<>() {
      @Override
      public WriteFilesResult<Void> expand(PCollection<T> input) {
        FileIO.Write<Void, T> write =
            FileIO.<T>write()
                .via(Contextful.fn(counted(dir, toRecord)), snappyParquet(schema, parquetSettings))
                .to(dir)
                .withPrefix(prefix)
                .withSuffix(".parquet");
        return input.apply(numShards == 0 ? write : write.withNumShards(checkShards(numShards)));
      }
    };
  }

  /**
   * {@link LiveProgress} counter of the rows handed to a table's sink so far: {@code
   * written:<table>}.
   */
  public static String writtenCounter(String table) {
    return "written:" + table;
  }

  /** The record conversion, counting each row for the console's progress (no step of its own). */
  private static <T> SerializableFunction<T, GenericRecord> counted(
      String dir, SerializableFunction<T, GenericRecord> toRecord) {
    // the table folder, above any Hive partition folders (top_tracks/snapshot_date=.../)
    String table =
        dir.replaceAll("/+$", "").replaceAll("(/[^/=]+=[^/]*)+$", "").replaceAll(".*/", "");
    LiveProgress.Counter rows = LiveProgress.counter(writtenCounter(table));
    return element -> {
      rows.add(1);
      return toRecord.apply(element);
    };
  }

  /** Dead letters as one JSON-lines file: they are few, and one file is easiest to inspect. */
  public static PTransform<PCollection<DeadLetter>, PDone> deadLetters(String dir) {
    return deadLetters(dir, "part");
  }

  /** With a file-name prefix: an incremental run adds its file beside the earlier runs' files. */
  public static PTransform<PCollection<DeadLetter>, PDone> deadLetters(String dir, String prefix) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<DeadLetter> input) {
        return input
            .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::toJson))
            .apply(
                "WriteJsonLines",
                TextIO.write().to(dir + "/" + prefix).withSuffix(".jsonl").withNumShards(1));
      }
    };
  }

  /** The reconciliation counts as "label TAB count" lines in one small file. */
  public static PTransform<PCollection<KV<String, Long>>, PDone> counts(String file) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<KV<String, Long>> input) {
        return input
            .apply(
                "ToTsv",
                MapElements.into(TypeDescriptors.strings())
                    .via(kv -> kv.getKey() + "\t" + kv.getValue()))
            .apply("WriteTsv", TextIO.write().to(file).withoutSharding());
      }
    };
  }

  private static int checkShards(int numShards) {
    if (numShards < 1) {
      throw new UserError("--numShards must be at least 1, got " + numShards);
    }
    return numShards;
  }

  /**
   * Lists in Parquet's standard three-level form (list / element), not parquet-avro's old two-level
   * default: Athena, Trino, Hive and Spark then all read {@code tags} as array<string>.
   */
  static final Map<String, String> STANDARD_LISTS =
      Map.of("parquet.avro.write-old-list-structure", "false");

  static ParquetIO.Sink snappyParquet(Schema schema, Map<String, String> parquetSettings) {
    Map<String, String> settings = new java.util.HashMap<>(STANDARD_LISTS);
    settings.putAll(parquetSettings);
    return ParquetIO.sink(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withConfiguration(settings);
  }
}
