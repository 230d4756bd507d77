package dev.etl.pipelines.catalog;

import dev.etl.pipelines.common.CommandArgs;
import dev.etl.pipelines.common.ReadOnlyDuckDb;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code ./etl query --bank=DIR --music=DIR (--file=F.sql | --sql="…") [--format=csv]}: one query
 * on an in-memory DuckDB over the jobs' local output, with the catalog's {@code db_banks.*} and
 * {@code db_songs.*} names as views; prints a readable table or CSV.
 */
public final class QueryCommand {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl query [--bank=DIR] [--music=DIR] (--file=F.sql | --sql=\"SELECT ...\") [--format=table|csv] [--maxRows=N]",
          "",
          "  --bank=DIR     the bank job's local output: tables db_banks.transactions, .customers, ...",
          "  --music=DIR    the music job's local output: tables db_songs.listens, .tracks, ...",
          "  --file=F.sql   run the query in a file (e.g. one of queries/); or --sql=\"...\"",
          "  --format=csv   RFC 4180 CSV with a header, every row (default: a readable table)",
          "  --maxRows=N    rows the table format shows (default 100; the row count is always printed)",
          "",
          "At least one of --bank and --music. The SQL is DuckDB's; the files of queries/ keep to what",
          "DuckDB and Athena (Trino) share, so they run unchanged on both.");

  private static final Set<String> OPTIONS =
      Set.of("bank", "music", "file", "sql", "format", "maxRows");

  private QueryCommand() {}

  public static int run(List<String> args) throws IOException, SQLException {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return 0;
    }
    CommandArgs.requireKnown("query", args, OPTIONS, " (see ./etl query --help)");
    String bank = RunnerProfiles.valueOf(args, "bank");
    String music = RunnerProfiles.valueOf(args, "music");
    String file = RunnerProfiles.valueOf(args, "file");
    String sql = RunnerProfiles.valueOf(args, "sql");
    String format = RunnerProfiles.valueOf(args, "format");
    format = format == null ? "table" : format;
    if (bank == null && music == null) {
      throw new UserError("query needs --bank=DIR and/or --music=DIR: the jobs' output folders");
    }
    if ((file == null) == (sql == null)) {
      throw new UserError("query needs exactly one of --file=F.sql and --sql=\"...\"");
    }
    if (!format.equals("table") && !format.equals("csv")) {
      throw new UserError("--format must be table or csv, got " + format);
    }
    int maxRows = maxRows(RunnerProfiles.valueOf(args, "maxRows"));
    if (file != null) {
      try {
        sql = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new UserError("no query file " + file);
      }
    }
    for (String dir : new String[] {bank, music}) {
      if (dir != null && dir.contains("://")) {
        throw new UserError(
            "query reads local folders only, got "
                + dir
                + " (copy the output down, or use Athena)");
      }
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    List<JobOutput> outputs = new ArrayList<>();
    if (bank != null) {
      outputs.add(JobOutput.at(Job.BANK, bank));
    }
    if (music != null) {
      outputs.add(JobOutput.at(Job.MUSIC, music));
    }
    // DuckDB may open files under the given outputs only, and runs one SELECT
    try (Connection db = ReadOnlyDuckDb.open(outputs.stream().map(JobOutput::location).toList())) {
      ReadOnlyDuckDb.requireOneQuery(db, sql);
      if (bank != null) {
        DuckDbViews.create(db, Job.BANK, outputs.get(0));
      }
      if (music != null) {
        DuckDbViews.create(db, Job.MUSIC, outputs.get(outputs.size() - 1));
      }
      try (Statement st = db.createStatement();
          ResultSet rs = execute(st, sql)) {
        if (format.equals("csv")) {
          printCsv(rs, System.out);
        } else {
          printTable(rs, System.out, maxRows);
        }
      }
    }
    return 0;
  }

  private static ResultSet execute(Statement st, String sql) {
    try {
      return st.executeQuery(sql);
    } catch (SQLException e) {
      throw new UserError("the query failed: " + e.getMessage().strip(), e);
    }
  }

  private static int maxRows(String text) {
    try {
      int n = text == null ? 100 : Integer.parseInt(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError("--maxRows must be a whole number of at least 0, got " + text);
  }

  /** A value as text: plain decimals (no exponent), lists as [a, b], NULL for SQL null. */
  static String text(ResultSet rs, int column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d)
          ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
          : value.toString();
    }
    return rs.getString(column);
  }

  static void printCsv(ResultSet rs, PrintStream out) throws SQLException, IOException {
    ResultSetMetaData meta = rs.getMetaData();
    CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT);
    List<String> header = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      header.add(meta.getColumnLabel(i));
    }
    csv.printRecord(header);
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.add(text(rs, i));
      }
      csv.printRecord(row);
    }
    csv.flush();
  }

  /** Aligned columns (numbers to the right), a rule under the header, then the row count. */
  static void printTable(ResultSet rs, PrintStream out, int maxRows) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<String[]> rows = new ArrayList<>();
    long count = 0;
    while (rs.next()) {
      count++;
      if (rows.size() < maxRows) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          String value = text(rs, i + 1);
          row[i] = value == null ? "NULL" : value;
        }
        rows.add(row);
      }
    }
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    String[] header = new String[n];
    for (int i = 0; i < n; i++) {
      header[i] = meta.getColumnLabel(i + 1);
      numeric[i] =
          isNumeric(meta.getColumnType(i + 1))
              || meta.getColumnTypeName(i + 1).matches("U?(HUGE|BIG|SMALL|TINY)?INT.*");
      width[i] = header[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    out.println(line(header, width, new boolean[n]));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (String[] row : rows) {
      out.println(line(row, width, numeric));
    }
    out.println(
        "("
            + count
            + (count == 1 ? " row" : " rows")
            + (count > rows.size() ? ", first " + rows.size() + " shown" : "")
            + ")");
  }

  private static String line(String[] cells, int[] width, boolean[] rightAligned) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(width[i] - cells[i].length());
      line.append(i == 0 ? "" : " | ").append(rightAligned[i] ? pad + cells[i] : cells[i] + pad);
    }
    return line.toString().stripTrailing();
  }

  private static boolean isNumeric(int sqlType) {
    return switch (sqlType) {
      case Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.FLOAT,
          Types.REAL,
          Types.DOUBLE,
          Types.DECIMAL,
          Types.NUMERIC ->
          true;
      default -> false;
    };
  }
}
