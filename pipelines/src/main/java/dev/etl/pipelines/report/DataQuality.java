package dev.etl.pipelines.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data-quality blocks both jobs share: reconciliation, rejected reasons with an example, column
 * profiles.
 */
final class DataQuality {
  private DataQuality() {}

  /**
   * One line of a reconciliation: what the summary says and what DuckDB counts in the output (null:
   * not countable there).
   */
  record Line(String label, long summary, Long counted) {}

  /**
   * Where one input's reconciliation comes from: the summary keys of the lines read and clean, the
   * clean table's scan (to count), the figures of lines removed but not rejected, and the summary
   * object of rejected lines by reason.
   */
  record Input(
      String readKey,
      String cleanLabel,
      String cleanKey,
      String cleanScan,
      List<Removed> removed,
      String reasonsKey) {}

  /** Lines removed without a dead letter (duplicates, merges): a label and its summary key. */
  record Removed(String label, String key) {}

  /** "From DIR (run ID on RUNNER)." */
  static String provenance(PublishedOutput out) {
    return "From "
        + out.dir()
        + " (run "
        + out.summary().path("run_id").asText()
        + " on "
        + out.summary().path("runner").asText()
        + ").";
  }

  /**
   * The summary's lines of one input, each next to DuckDB's count where the output holds it: {@code
   * rejectedCounted} maps {@code countedPrefix + reason} to the dead letters counted.
   */
  static List<Line> lines(
      Db db,
      PublishedOutput out,
      Input input,
      Map<String, Long> rejectedCounted,
      String countedPrefix)
      throws SQLException {
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("read", out.figure(input.readKey()), null));
    lines.add(
        new Line(
            input.cleanLabel(),
            out.figure(input.cleanKey()),
            db.count("SELECT count(*) FROM " + input.cleanScan())));
    input.removed().forEach(r -> lines.add(new Line(r.label(), out.figure(r.key()), null)));
    out.summary()
        .get(input.reasonsKey())
        .fields()
        .forEachRemaining(
            e ->
                lines.add(
                    new Line(
                        "rejected: " + e.getKey(),
                        e.getValue().asLong(),
                        rejectedCounted.getOrDefault(countedPrefix + e.getKey(), 0L))));
    return lines;
  }

  /** The reconciliation as a chart ({@code id}) and as a checked table ({@code id-table}). */
  static List<Blocks.Block> reconciliation(String id, String what, List<Line> lines) {
    return List.of(
        reconciliationChart(id, what, lines), reconciliationTable(id + "-table", what, lines));
  }

  private static Blocks.Chart reconciliationChart(String id, String what, List<Line> lines) {
    List<Map<String, Object>> rows = new ArrayList<>();
    long read = lines.get(0).summary();
    for (Line line : lines) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("step", line.label());
      row.put("rows", line.summary());
      row.put("share_of_read_pct", share(line.summary(), read));
      rows.add(row);
    }
    return Charts.bar(
        new Charts.Spec(
            id,
            "Reconciliation: " + what,
            "Every one of the "
                + what
                + " read ends up in exactly one place: clean, a removed duplicate, or a dead letter with its reason"
                + " (bar labels: count and share of read).",
            "",
            "lines (count)"),
        rows,
        "step",
        "rows",
        true,
        row -> Page.format(row.get("rows")) + " (" + row.get("share_of_read_pct") + " %)");
  }

  private static Blocks.Table reconciliationTable(String id, String what, List<Line> lines) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Line line : lines) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("figure", line.label());
      row.put("summary", line.summary());
      row.put("counted", line.counted() == null ? "not in the output" : line.counted());
      rows.add(row);
    }
    return new Blocks.Table(
        id,
        "Reconciliation of the " + what + ", checked",
        "_SUMMARY.json's figures next to DuckDB's count of the published Parquet and dead letters.",
        Blocks.columns(
            "figure", "figure", "summary", "_SUMMARY.json", "counted", "counted by DuckDB"),
        rows);
  }

  /** Dead letters per reason with the first one (by file and position) as an example. */
  static Blocks.Table rejectedReasons(Db db, String id, String what, String deadLetters, long read)
      throws SQLException {
    List<Map<String, Object>> rows =
        db.rows(
            "SELECT reason, count(*) AS count, round(100.0 * count(*) / "
                + Math.max(read, 1)
                + ", 3) AS share_pct,"
                + " arg_min(CASE WHEN raw = '' THEN '(an empty line)' ELSE raw END, file || lpad(position::VARCHAR, 20, '0')) AS example,"
                + " arg_min(detail, file || lpad(position::VARCHAR, 20, '0')) AS detail"
                + " FROM "
                + deadLetters
                + " GROUP BY reason ORDER BY count DESC, reason");
    return new Blocks.Table(
        id,
        "Rejected " + what + " by reason",
        rows.isEmpty()
            ? "No " + what + " was rejected."
            : "Dead letters per reason, with the first rejected line (by file and byte position) exactly as read.",
        Blocks.columns(
            "reason",
            "reason",
            "count",
            "lines",
            "share_pct",
            "% of read",
            "example",
            "example line",
            "detail",
            "why"),
        rows);
  }

  /** Per column of a table: null share, distinct values, min and max (exact, one scan). */
  static Blocks.Table columnProfile(Db db, String id, String table, String scan)
      throws SQLException {
    List<Map<String, Object>> described = db.rows("DESCRIBE SELECT * FROM " + scan);
    StringBuilder sql = new StringBuilder("SELECT count(*) AS n");
    for (int i = 0; i < described.size(); i++) {
      String column = quote(String.valueOf(described.get(i).get("column_name")));
      sql.append(", count(")
          .append(column)
          .append(") AS c")
          .append(i)
          .append(", count(DISTINCT ")
          .append(column)
          .append(") AS d")
          .append(i)
          .append(", min(")
          .append(column)
          .append(")::VARCHAR AS lo")
          .append(i)
          .append(", max(")
          .append(column)
          .append(")::VARCHAR AS hi")
          .append(i);
    }
    Map<String, Object> stats = db.row(sql.append(" FROM ").append(scan).toString());
    long n = ((Number) stats.get("n")).longValue();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < described.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("column", described.get(i).get("column_name"));
      row.put("type", described.get(i).get("column_type"));
      long nonNull = ((Number) stats.get("c" + i)).longValue();
      row.put("nulls", n - nonNull);
      row.put("null_pct", share(n - nonNull, n));
      row.put("distinct", ((Number) stats.get("d" + i)).longValue());
      row.put("min", shorten(stats.get("lo" + i)));
      row.put("max", shorten(stats.get("hi" + i)));
      rows.add(row);
    }
    return new Blocks.Table(
        id,
        "Columns of " + table,
        table
            + ": "
            + Page.format(n)
            + " rows; per column the nulls, the exact number of distinct values and the smallest and largest value.",
        Blocks.columns(
            "column",
            "column",
            "type",
            "type",
            "nulls",
            "nulls",
            "null_pct",
            "% null",
            "distinct",
            "distinct",
            "min",
            "min",
            "max",
            "max"),
        rows);
  }

  static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(10000.0 * part / whole) / 100.0;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String shorten(Object value) {
    String text = value == null ? null : String.valueOf(value);
    return text != null && text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
