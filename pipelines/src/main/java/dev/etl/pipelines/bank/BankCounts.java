package dev.etl.pipelines.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.common.InputPlan;
import dev.etl.pipelines.common.InputRecord;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.StagedOutput;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.fraud.Suspicion;
import dev.etl.transforms.segment.RfmBoundaries;
import dev.etl.transforms.segment.SegmentCustomers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The bank job's count labels, the counting steps of its graph, and the reconciliation that turns
 * the summed counts into the summary: one set of labels for both.
 */
public final class BankCounts {
  public static final String LINES_READ = ParseCsv.LINES_READ;
  public static final String DUPLICATES_REMOVED = DedupByKey.DUPLICATES_REMOVED;
  public static final String ROWS_CLEAN = "rows_clean";
  public static final String DOB_UNKNOWN = "dob_unknown";
  public static final String REJECTED = "rejected:";
  static final String CUSTOMERS = "customers";
  static final String SUSPICIOUS = "suspicious:";
  static final String FILE_LINES = "file_lines:";

  private BankCounts() {}

  /** Lines per input file, for the record of consumed files. */
  static PCollection<KV<String, Long>> linesPerFile(PCollection<SourceLine> lines) {
    return lines.apply(
        "CountLinesPerFile", CountLabels.perBundle(l -> List.of(FILE_LINES + l.file())));
  }

  /** What the tables hold: clean rows (and unknown birth dates), rejects, customers, hits. */
  static PCollection<KV<String, Long>> tables(
      PCollection<BankTransaction> clean,
      PCollection<DeadLetter> rejected,
      PCollection<CustomerProfile> customers,
      PCollection<Suspicion> suspicious) {
    return PCollectionList.of(clean.apply("CountClean", CountLabels.perBundle(BankCounts::clean)))
        .and(
            rejected.apply(
                "CountRejected", CountLabels.perBundle(r -> List.of(REJECTED + r.reason()))))
        .and(customers.apply("CountCustomers", CountLabels.perBundle(CUSTOMERS)))
        .and(
            suspicious.apply(
                "CountSuspicious", CountLabels.perBundle(h -> List.of(SUSPICIOUS + h.reason()))))
        .apply("CollectTableCounts", Flatten.pCollections());
  }

  private static final List<String> CLEAN = List.of(ROWS_CLEAN);
  private static final List<String> CLEAN_DOB_UNKNOWN = List.of(ROWS_CLEAN, DOB_UNKNOWN);

  private static List<String> clean(BankTransaction t) {
    return t.customerDob() == null ? CLEAN_DOB_UNKNOWN : CLEAN;
  }

  /**
   * The run's own figures (over the lines it read), then the published totals and the record of
   * consumed files, which is staged here so that it is committed with the tables.
   */
  static void reconcile(RunReport.Figures figures, InputPlan plan) throws IOException {
    reconcile(figures);
    StagedOutput staged = figures.staged();
    InputRecord record = plan.recordAfter(staged.runId(), figures.byPrefix(FILE_LINES));
    long rowsRead = ((Number) figures.value("rows_read")).longValue();
    long rowsClean = ((Number) figures.value("rows_clean")).longValue();
    long rowsWritten = ((Number) figures.value("rows_written")).longValue();
    long published =
        plan.incremental()
            ? staged.publishedParquetRows("transactions") + rowsWritten
            : rowsWritten;
    figures.put("mode", plan.mode());
    figures.put("input_files_new", plan.newFiles().size());
    figures.put("input_files_recorded", record.files().size());
    figures.put("transactions_published", published);
    figures.put("customers_published", figures.value("customers_written"));
    long recordedLines =
        record.files().stream()
            .filter(f -> f.runId().equals(staged.runId()))
            .mapToLong(InputRecord.File::lines)
            .sum();
    figures.requireEqual(
        "rows_read " + rowsRead + " = lines recorded for the new files " + recordedLines,
        rowsRead,
        recordedLines);
    if (plan.incremental()) {
      long before = previousPublished(staged.root());
      figures.requireEqual(
          "transactions_published "
              + published
              + " = previous run's transactions_published "
              + before
              + " + rows_clean "
              + rowsClean,
          published,
          before + rowsClean);
    }
    staged.writeStaged(InputRecord.FILE, record.toJson());
  }

  /** transactions_published of the summary beside the tables (the last committed run's). */
  private static long previousPublished(String root) throws IOException {
    MatchResult match =
        FileSystems.match(root + "/" + RunReport.SUMMARY_FILE, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return 0;
    }
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
      return new ObjectMapper().readTree(in).path("transactions_published").asLong(0);
    }
  }

  /** Turns the raw counts into the summary's figures; the reconciliation check is in RunReport. */
  static void reconcile(RunReport.Figures figures) throws IOException {
    figures.put("rows_read", figures.count(LINES_READ));
    figures.put("rows_clean", figures.count(ROWS_CLEAN));
    figures.put("duplicates_removed", figures.count(DUPLICATES_REMOVED));
    figures.put("rows_rejected", figures.total(REJECTED));
    figures.put("rejected_by_reason", figures.byPrefix(REJECTED));
    figures.put("dob_unknown", figures.count(DOB_UNKNOWN));
    figures.put("customers", figures.count(CUSTOMERS));
    RfmBoundaries.summary(figures::count, figures.count(CUSTOMERS) > 0).forEach(figures::put);
    Map<String, Long> bySegment = new LinkedHashMap<>();
    SegmentCustomers.SEGMENTS.forEach(
        segment -> bySegment.put(segment, figures.count(SegmentCustomers.SEGMENT_COUNT + segment)));
    figures.put("customers_by_segment", bySegment);
    Map<String, Long> hits = new LinkedHashMap<>();
    Suspicion.REASONS.forEach(reason -> hits.put(reason, figures.count(SUSPICIOUS + reason)));
    figures.put("suspicious_by_reason", hits);
    figures.put("suspicious_rows", figures.total(SUSPICIOUS));
    // What the sinks really wrote, read back from the Parquet footers.
    figures.put("rows_written", figures.writtenRows("transactions"));
    figures.put("customers_written", figures.writtenRows("customers"));
    figures.put("customer_segments_written", figures.writtenRows("customer_segments"));
    figures.put("suspicious_written", figures.writtenRows("suspicious_transactions"));
    figures.requireBalance(
        "rows_read", List.of("rows_clean", "duplicates_removed", "rows_rejected"));
    figures.requireBalance("rows_clean", List.of("rows_written"));
    figures.requireBalance("customers", List.of("customers_written"));
    figures.requireBalance("customers", List.of("customer_segments_written"));
    figures.requireBalance("suspicious_rows", List.of("suspicious_written"));
  }
}
