package dev.etl.pipelines.catalog;

import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.ReadOnlyDuckDb;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The catalog's names on DuckDB: {@code <database>.<table>} views over a job's local output, with
 * the columns the writers' schemas declare (the partition column last, as in Hive and Athena), so
 * the query pack runs unchanged on a laptop.
 */
public final class DuckDbViews {
  private DuckDbViews() {}

  /** Checks the folder holds the job's output (one sentence otherwise), then creates the views. */
  public static void create(Connection db, Job job, JobOutput output)
      throws IOException, SQLException {
    output.check();
    try (Statement st = db.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + job.defaultDatabase());
      for (PublishedTable table : job.tables()) {
        st.execute(
            "CREATE OR REPLACE VIEW "
                + job.defaultDatabase()
                + "."
                + table.name()
                + " AS "
                + select(table, output.location()));
      }
    }
  }

  static String select(PublishedTable table, String location) {
    List<String> columns = new ArrayList<>();
    for (Schema.Field field : table.schema().getFields()) {
      columns.add(quote(field.name()));
    }
    String folder = location + "/" + table.name();
    String source;
    if (table.format() == PublishedTable.Format.JSON_LINES) {
      List<String> types = new ArrayList<>();
      for (Schema.Field field : table.schema().getFields()) {
        types.add(
            ReadOnlyDuckDb.literal(field.name())
                + ": "
                + ReadOnlyDuckDb.literal(SqlDialect.DUCKDB.typeOf(field.schema())));
      }
      source =
          "read_json("
              + ReadOnlyDuckDb.literal(folder + "/*.jsonl")
              + ", format = 'newline_delimited', columns = {"
              + String.join(", ", types)
              + "})";
    } else if (table.partitioned()) {
      Schema.Field key = table.partitionKey();
      columns.add(quote(key.name()));
      source =
          "read_parquet("
              + ReadOnlyDuckDb.literal(folder + "/*/*.parquet")
              + ", hive_partitioning = true, hive_types = {"
              + ReadOnlyDuckDb.literal(key.name())
              + ": "
              + ReadOnlyDuckDb.literal(SqlDialect.DUCKDB.typeOf(key.schema()))
              + "})";
    } else {
      source = "read_parquet(" + ReadOnlyDuckDb.literal(folder + "/*.parquet") + ")";
    }
    return "SELECT " + String.join(", ", columns) + " FROM " + source;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
