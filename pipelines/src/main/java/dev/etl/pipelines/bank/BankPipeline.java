package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.EtlOptions;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.StagedOutput;
import dev.etl.pipelines.common.Writers;
import dev.etl.pipelines.s3.S3Setup;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.bank.BankTables;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.bank.SummarizeCustomers;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.TaggedResult;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.csv.ReadCsvLines;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The bank job: raw {@code bank_transactions.csv} to clean, date-partitioned transactions, one row
 * per customer, dead letters and a reconciled summary. {@code main → run(options) → build(pipeline)}
 * so that tests can build and inspect the graph without running it.
 */
public final class BankPipeline {
  public static final List<String> RESULTS = List.of("transactions", "customers", "rejected", RunReport.SUMMARY_FILE);

  private BankPipeline() {}

  /** Handles on the collections a test may want to assert on. */
  public record Outputs(
      PCollection<SourceLine> lines,
      PCollection<BankTransaction> clean,
      PCollection<CustomerProfile> customers,
      PCollection<DeadLetter> rejected,
      PCollection<KV<String, Long>> counts) {}

  public static List<String> inputPatterns(String input) {
    return Arrays.stream(input.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Checks the inputs, runs the job into a staging area, reconciles and commits. */
  public static RunReport run(BankOptions options) throws IOException {
    List<String> inputs = inputPatterns(options.getInput());
    S3Setup.preflight(options, concat(inputs, options.getOutput()));
    ReadCsvLines.checkInputs(inputs, BankCsv.HEADER);
    return RunReport.runStaged(
        options,
        "bank",
        Map.of("input", options.getInput()),
        RESULTS,
        (pipeline, staged) -> build(pipeline, inputs, staged, options),
        BankPipeline::reconcile);
  }

  /** The inputs and the output, for the S3 pre-flight check. */
  public static List<String> concat(List<String> inputs, String output) {
    List<String> all = new java.util.ArrayList<>(inputs);
    all.add(output);
    return all;
  }

  public static Outputs build(Pipeline pipeline, List<String> inputs, StagedOutput out, EtlOptions options) {
    int numShards = options.getNumShards();
    PCollection<SourceLine> lines = pipeline.apply("ReadBankCsv", ReadCsvLines.from(inputs, BankCsv.HEADER));

    TaggedResult<Parsed<BankTransaction>> parsed =
        lines.apply(
            "ParseTransactions",
            ParseCsv.of(BankCsv.HEADER.size(), BankCsv.mapper(), BankTransaction.TransactionCoder.of()));

    DedupByKey.Result<BankTransaction> dedup =
        parsed.good().apply("DedupTransactions", DedupByKey.by("transaction_id", BankTransaction::transactionId).withBuckets(options.getBuckets()));

    PCollection<BankTransaction> clean =
        dedup
            .unique()
            .apply("DropSources", MapElements.into(TypeDescriptor.of(BankTransaction.class)).via(Parsed::value))
            .setCoder(BankTransaction.TransactionCoder.of());

    PCollection<CustomerProfile> customers = clean.apply("SummarizeCustomers", new SummarizeCustomers(options.getBuckets()));

    PCollection<DeadLetter> rejected =
        PCollectionList.of(parsed.rejected()).and(dedup.conflicting()).apply("CollectRejected", Flatten.pCollections());

    clean.apply(
        "WriteTransactions",
        Writers.partitionedParquet(
            out.staged("transactions"),
            "transaction_date",
            BankTables::partitionOf,
            BankTables::toRecord,
            BankTables.TRANSACTION,
            numShards));
    customers.apply(
        "WriteCustomers", Writers.parquet(out.staged("customers"), BankTables::toRecord, BankTables.CUSTOMER, numShards));
    rejected.apply("WriteRejected", Writers.deadLetters(out.staged("rejected")));

    PCollection<KV<String, Long>> counts =
        PCollectionList.of(parsed.counts())
            .and(clean.apply("CountClean", CountLabels.perBundle(BankPipeline::cleanLabels)))
            .and(dedup.duplicates().apply("CountDuplicates", CountLabels.perBundle("duplicates_removed")))
            .and(rejected.apply("CountRejected", CountLabels.perBundle(r -> List.of("rejected:" + r.reason()))))
            .and(customers.apply("CountCustomers", CountLabels.perBundle("customers")))
            .apply("FlattenCounts", Flatten.pCollections())
            .apply("SumCounts", CountLabels.create());
    counts.apply("WriteCounts", Writers.counts(out.staged(RunReport.COUNTS_FILE)));
    return new Outputs(lines, clean, customers, rejected, counts);
  }

  private static final List<String> CLEAN = List.of("rows_clean");
  private static final List<String> CLEAN_DOB_UNKNOWN = List.of("rows_clean", "dob_unknown");

  private static List<String> cleanLabels(BankTransaction t) {
    return t.customerDob() == null ? CLEAN_DOB_UNKNOWN : CLEAN;
  }

  /** Turns the raw counts into the summary's figures; the reconciliation check is in RunReport. */
  static void reconcile(RunReport.Figures figures) throws IOException {
    figures.put("rows_read", figures.count(ParseCsv.LINES_READ));
    figures.put("rows_clean", figures.count("rows_clean"));
    figures.put("duplicates_removed", figures.count("duplicates_removed"));
    figures.put("rows_rejected", figures.total("rejected:"));
    figures.put("rejected_by_reason", figures.byPrefix("rejected:"));
    figures.put("dob_unknown", figures.count("dob_unknown"));
    figures.put("customers", figures.count("customers"));
    // What the sinks really wrote, read back from the Parquet footers.
    figures.put("rows_written", figures.writtenRows("transactions"));
    figures.put("customers_written", figures.writtenRows("customers"));
    figures.requireBalance("rows_read", List.of("rows_clean", "duplicates_removed", "rows_rejected"));
    figures.requireBalance("rows_clean", List.of("rows_written"));
    figures.requireBalance("customers", List.of("customers_written"));
  }
}
