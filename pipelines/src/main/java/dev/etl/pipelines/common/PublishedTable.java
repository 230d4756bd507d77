package dev.etl.pipelines.common;

import dev.etl.transforms.core.DeadLetter;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A table a job publishes under its output folder: the folder name, the Avro schema its writer
 * uses, the storage format and (for Hive-style partitioned tables) the partition column, which
 * lives in the folder names, not in the files. The jobs list their tables with these, and {@code
 * ./etl catalog} and {@code ./etl query} declare the tables from the same list, so a schema change
 * cannot leave the catalog behind.
 */
public record PublishedTable(
    String name, Schema schema, Format format, Schema.Field partitionKey, String description) {

  public enum Format {
    PARQUET,
    /** One JSON object per line (the dead letters). */
    JSON_LINES,
    /** A CSV file with a header line, every column text: a raw input file (catalog only). */
    CSV
  }

  public static PublishedTable parquet(String name, Schema schema, String description) {
    return new PublishedTable(name, schema, Format.PARQUET, null, description);
  }

  /** Hive-style {@code name/<column>=<value>/part-*.parquet}. */
  public static PublishedTable partitionedParquet(
      String name,
      Schema schema,
      String partitionColumn,
      Schema partitionType,
      String description) {
    return new PublishedTable(
        name,
        schema,
        Format.PARQUET,
        new Schema.Field(partitionColumn, partitionType),
        description);
  }

  public static PublishedTable deadLetters(String description) {
    return new PublishedTable("rejected", DeadLetter.SCHEMA, Format.JSON_LINES, null, description);
  }

  public boolean partitioned() {
    return partitionKey != null;
  }

  /** The folder names, plus the summary file: what a run replaces on commit. */
  public static List<String> results(List<PublishedTable> tables) {
    List<String> results =
        new java.util.ArrayList<>(tables.stream().map(PublishedTable::name).toList());
    results.add(RunReport.SUMMARY_FILE);
    return List.copyOf(results);
  }
}
