package dev.etl.pipelines.catalog;

import dev.etl.pipelines.common.PublishedTable;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.csv.ReadCsvLines;
import dev.etl.transforms.music.MusicCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The raw zone as the original design's crawler catalogued it: the input CSVs as they arrived, one
 * table per folder under {@code --raw}, the folder named as the table (Athena reads every file of a
 * table's folder, so each table needs its own): {@code kg_data_bank/} (the bank job's
 * transactions), {@code music_info/} and {@code user_listening/} (the music job's two files). Every
 * column is text, named after the file's header made SQL-safe; the header line is skipped.
 */
final class RawZone {
  /** One raw table: its job, its folder (= table name), the header its files carry. */
  record RawTable(Job job, String name, List<String> header, String description) {
    PublishedTable asTable() {
      SchemaBuilder.FieldAssembler<Schema> fields =
          SchemaBuilder.record(name).namespace("dev.etl.raw").fields();
      Set<String> seen = new HashSet<>();
      for (String column : header) {
        String safe = sqlSafe(column);
        if (!seen.add(safe)) {
          throw new IllegalStateException(name + ": two columns are both " + safe);
        }
        // a raw name that had to change rides along as the column's comment
        fields =
            (column.equals(safe) ? fields.name(safe) : fields.name(safe).doc(column))
                .type()
                .optional()
                .stringType();
      }
      return new PublishedTable(
          name, fields.endRecord(), PublishedTable.Format.CSV, null, description);
    }
  }

  static final List<RawTable> TABLES =
      List.of(
          new RawTable(
              Job.BANK,
              "kg_data_bank",
              BankCsv.HEADER,
              "the raw bank transactions as received (every column text, header line skipped)"),
          new RawTable(
              Job.MUSIC,
              "music_info",
              MusicCsv.TRACKS_HEADER,
              "the raw track catalog as received (every column text, header line skipped)"),
          new RawTable(
              Job.MUSIC,
              "user_listening",
              MusicCsv.LISTENS_HEADER,
              "the raw listening history as received (every column text, header line skipped)"));

  private RawZone() {}

  static List<RawTable> of(Job job) {
    return TABLES.stream().filter(t -> t.job() == job).toList();
  }

  /**
   * A column name every engine takes unquoted: lower case, each run of other characters one
   * underscore ({@code TransactionAmount (INR)} → {@code transactionamount_inr}), as a Glue crawler
   * lower-cases them.
   */
  static String sqlSafe(String column) {
    String safe =
        column
            .strip()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_+|_+$", "");
    if (safe.isEmpty()) {
      return "col";
    }
    return Character.isDigit(safe.charAt(0)) ? "col_" + safe : safe;
  }

  /**
   * Fails with one sentence unless the table's folder under the raw location holds at least one
   * file and every file in it starts with the header this table declares.
   */
  static void check(JobOutput raw, RawTable table) throws IOException {
    try {
      ReadCsvLines.checkInputs(
          List.of(raw.location() + "/" + table.name() + "/*"),
          table.header(),
          StandardCharsets.UTF_8.name());
    } catch (java.io.FileNotFoundException e) {
      throw new dev.etl.pipelines.common.UserError(
          "--raw="
              + raw.location()
              + " has no file in "
              + table.name()
              + "/: the raw zone keeps each table in its own folder ("
              + String.join(", ", of(table.job()).stream().map(t -> t.name() + "/").toList())
              + " for the "
              + table.job().jobName()
              + " job)");
    }
  }
}
