package dev.etl.pipelines.bank;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.assertSameRows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.common.RunReport;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The incremental-equivalence proof, shared by the direct-runner test and the cross-runner suite:
 * one bank file split into parts several ways, K incremental runs over the parts (in name order)
 * against one full run over the same parts, table by table as row sets, and the published totals.
 */
public final class IncrementalRuns {
  private IncrementalRuns() {}

  /** Runs the bank job with these arguments (the caller adds runner and profile). */
  @FunctionalInterface
  public interface BankRun {
    RunReport run(List<String> args) throws Exception;
  }

  /** Summary figures that describe one run's own lines: their sum over K runs is the full run's. */
  public static final List<String> PER_RUN =
      List.of("rows_read", "rows_clean", "duplicates_removed", "rows_rejected", "dob_unknown");

  /**
   * Summary figures of what is published after the run: the last increment's equal the full run's.
   */
  public static final List<String> PUBLISHED =
      List.of(
          "transactions_published",
          "customers_published",
          "customers",
          "customers_written",
          "customer_segments_written",
          "suspicious_written",
          "suspicious_rows",
          "suspicious_by_reason",
          "customers_by_segment",
          "rfm_reference_date",
          "rfm_boundaries",
          "input_files_recorded");

  /** The header and data lines of a bank file. */
  record Lines(String header, List<String> data) {
    static Lines of(Path file) throws IOException {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return new Lines(all.get(0), all.subList(1, all.size()));
    }
  }

  private static final DateTimeFormatter D_M_YY = DateTimeFormatter.ofPattern("d/M/yy");

  /** The transaction date of a well-formed line, or null (a line that will be rejected). */
  static LocalDate dateOf(String line) {
    try {
      List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
      if (records.size() != 1 || records.get(0).size() != 9) {
        return null;
      }
      return LocalDate.parse(records.get(0).get(6), D_M_YY);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * By date: three date ranges, a part of only the lines that have no valid date (all rejected) and
   * an empty part (header only).
   */
  public static List<List<String>> byDate(Path source) throws IOException {
    Lines lines = Lines.of(source);
    TreeSet<LocalDate> dates = new TreeSet<>();
    List<String> undated = new ArrayList<>();
    for (String line : lines.data()) {
      LocalDate d = dateOf(line);
      if (d == null) {
        undated.add(line);
      } else {
        dates.add(d);
      }
    }
    List<LocalDate> sorted = new ArrayList<>(dates);
    LocalDate cut1 = sorted.get(sorted.size() / 3);
    LocalDate cut2 = sorted.get(2 * sorted.size() / 3);
    List<List<String>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (String line : lines.data()) {
      LocalDate d = dateOf(line);
      if (d != null) {
        parts.get(d.isBefore(cut1) ? 0 : d.isBefore(cut2) ? 1 : 2).add(line);
      }
    }
    List<List<String>> all = new ArrayList<>(parts);
    all.add(undated);
    all.add(List.of());
    return all;
  }

  /**
   * By line ranges (each spanning many dates), an empty part between them, and re-sent lines in
   * later parts: exact copies (duplicates) and copies with another amount (conflicting), of lines
   * published by an earlier run and of lines in the same run.
   */
  public static List<List<String>> byLineRanges(Path source) throws IOException {
    List<String> data = Lines.of(source).data();
    int third = data.size() / 3;
    List<String> clean = new ArrayList<>();
    Map<String, Integer> idCount = new HashMap<>();
    for (String line : data) {
      idCount.merge(line.split(",", 2)[0], 1, Integer::sum);
    }
    for (int i = 0; i < data.size(); i++) {
      String line = data.get(i);
      if (dateOf(line) != null
          && idCount.get(line.split(",", 2)[0]) == 1
          && line.matches(".*,[0-9]+(\\.[0-9]+)?$")) {
        clean.add(i + "\t" + line);
      }
    }
    Function<Integer, String> cleanLineNear =
        index -> {
          for (String entry : clean) {
            int at = Integer.parseInt(entry.substring(0, entry.indexOf('\t')));
            if (at >= index) {
              return entry.substring(entry.indexOf('\t') + 1);
            }
          }
          throw new IllegalStateException("no clean line after " + index);
        };
    List<String> p1 = new ArrayList<>(data.subList(0, third));
    List<String> p3 = new ArrayList<>(data.subList(third, 2 * third));
    List<String> p4 = new ArrayList<>(data.subList(2 * third, data.size()));
    p3.add(cleanLineNear.apply(10)); // exact copy of a line published by run 1
    p3.add(otherAmount(cleanLineNear.apply(40))); // conflicts with a line published by run 1
    p4.add(cleanLineNear.apply(third + 20)); // exact copy of a line published by run 3
    p4.add(otherAmount(cleanLineNear.apply(third + 60))); // conflicting, published by run 3
    String sameRun = cleanLineNear.apply(2 * third + 30);
    p4.add(sameRun); // exact copy within the increment
    p4.add(otherAmount(cleanLineNear.apply(2 * third + 90))); // conflicting within the increment
    p4.add(otherAmount(cleanLineNear.apply(20))); // and again against run 1
    return List.of(p1, List.of(), p3, p4);
  }

  private static String otherAmount(String line) {
    int comma = line.lastIndexOf(',');
    return line.substring(0, comma + 1)
        + new java.math.BigDecimal(line.substring(comma + 1))
            .add(java.math.BigDecimal.ONE)
            .toPlainString();
  }

  /**
   * Writes the parts as {@code dir/part-NN.csv} (name order is run order), each with the header.
   */
  public static List<Path> write(Path source, List<List<String>> parts, Path dir)
      throws IOException {
    String header = Lines.of(source).header();
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Path file = dir.resolve(String.format("part-%02d.csv", i + 1));
      List<String> content = new ArrayList<>();
      content.add(header);
      content.addAll(parts.get(i));
      Files.write(file, content, StandardCharsets.UTF_8);
      files.add(file);
    }
    return files;
  }

  /**
   * One full run over all parts into {@code full}, then one incremental run per part into {@code
   * incremental} (the parts appear one by one in the --input glob, as a daily raw zone fills), and
   * checks that both publish the same. Returns the incremental runs' reports.
   */
  public static List<RunReport> assertIncrementsEqualFullRun(
      List<Path> parts, Path full, Path incremental, BankRun bank) throws Exception {
    return assertIncrementsEqualFullRun(parts, full, incremental, bank, bank);
  }

  /** The full run on one runner ({@code fullBank}), the increments on another. */
  public static List<RunReport> assertIncrementsEqualFullRun(
      List<Path> parts, Path full, Path incremental, BankRun fullBank, BankRun bank)
      throws Exception {
    Path dir = parts.get(0).getParent();
    RunReport fullReport =
        fullBank.run(List.of("--input=" + dir + "/part-*.csv", "--output=" + full));
    assertTrue("full run reconciles: " + fullReport.imbalances(), fullReport.reconciled());
    assertEquals("full", fullReport.summary().get("mode"));

    List<RunReport> reports = new ArrayList<>();
    // the parts arrive one by one: run i sees parts 1..i (the same paths the full run read)
    for (int i = 0; i < parts.size(); i++) {
      List<String> arrived = new ArrayList<>();
      for (int j = 0; j <= i; j++) {
        arrived.add(parts.get(j).toString());
      }
      RunReport report =
          bank.run(
              List.of(
                  "--input=" + String.join(",", arrived),
                  "--output=" + incremental,
                  "--incremental"));
      assertTrue(
          "increment " + (i + 1) + " reconciles: " + report.imbalances(), report.reconciled());
      assertEquals(i == 0 ? "full" : "incremental", report.summary().get("mode"));
      assertEquals(1, ((Number) report.summary().get("input_files_new")).intValue());
      assertEquals(i + 1, ((Number) report.summary().get("input_files_recorded")).intValue());
      reports.add(report);
    }
    assertSameTables(full, incremental);
    RunReport last = reports.get(reports.size() - 1);
    for (String key : PUBLISHED) {
      assertEquals(
          "published figure " + key,
          String.valueOf(fullReport.summary().get(key)),
          String.valueOf(last.summary().get(key)));
    }
    for (String key : PER_RUN) {
      long sum = reports.stream().mapToLong(r -> ((Number) r.summary().get(key)).longValue()).sum();
      assertEquals(
          "sum over the increments of " + key,
          ((Number) fullReport.summary().get(key)).longValue(),
          sum);
    }
    Map<String, Long> rejected = new TreeMap<>();
    for (RunReport r : reports) {
      @SuppressWarnings("unchecked")
      Map<String, Number> byReason = (Map<String, Number>) r.summary().get("rejected_by_reason");
      byReason.forEach((reason, n) -> rejected.merge(reason, n.longValue(), Long::sum));
    }
    assertEquals(
        "rejected_by_reason summed over the increments",
        String.valueOf(fullReport.summary().get("rejected_by_reason")),
        String.valueOf(rejected));
    return reports;
  }

  /** Every published table (folders not starting with '_') holds the same rows in both outputs. */
  public static void assertSameTables(Path expected, Path actual) throws Exception {
    Set<String> tables = tables(expected);
    assertEquals("tables", tables, tables(actual));
    assertEquals("tables found: " + tables, BankPipeline.TABLES.size(), tables.size());
    for (String table : tables) {
      assertSameRows(
          table,
          scan(expected, table),
          "in the full run",
          scan(actual, table),
          "after the increments");
    }
  }

  static Set<String> tables(Path output) throws IOException {
    try (Stream<Path> entries = Files.list(output)) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("_"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  static String scan(Path output, String table) {
    Path dir = output.resolve(table);
    if (table.equals("rejected")) {
      return "read_json_auto('" + dir + "/*.jsonl')";
    }
    return "read_parquet('" + dir + "/**/*.parquet', hive_partitioning = true)";
  }
}
