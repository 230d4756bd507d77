package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.InputPatterns;
import dev.etl.pipelines.common.InputPlan;
import dev.etl.pipelines.common.InputRecord;
import dev.etl.pipelines.common.OutputGuards;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.StagedOutput;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.common.Writers;
import dev.etl.pipelines.s3.S3Setup;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.bank.BankTables;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.CleanRecords;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.csv.ReadCsvLines;
import dev.etl.transforms.fraud.AmountExceedsBalance;
import dev.etl.transforms.fraud.Burst;
import dev.etl.transforms.fraud.CustomerOutlier;
import dev.etl.transforms.fraud.CustomerRule;
import dev.etl.transforms.fraud.FlagTransactions;
import dev.etl.transforms.fraud.GroupByCustomer;
import dev.etl.transforms.fraud.ImplausibleAge;
import dev.etl.transforms.fraud.LocationOutlier;
import dev.etl.transforms.fraud.LocationStats;
import dev.etl.transforms.fraud.Suspicion;
import dev.etl.transforms.segment.CustomerSegment;
import dev.etl.transforms.segment.SegmentCustomers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The bank job: raw {@code bank_transactions.csv} to clean, date-partitioned transactions, one row
 * per customer, dead letters and a reconciled summary. {@code main → run(options) →
 * build(pipeline)} so that tests can build and inspect the graph without running it.
 */
public final class BankPipeline {
  /** What the job publishes (./etl catalog and ./etl query declare the tables from this list). */
  public static final List<PublishedTable> TABLES =
      List.of(
          PublishedTable.partitionedParquet(
              "transactions",
              BankTables.TRANSACTION,
              BankTables.TRANSACTION_PARTITION,
              BankTables.TRANSACTION_PARTITION_TYPE,
              "clean, deduplicated transactions, one Hive partition per transaction_date"),
          PublishedTable.parquet(
              "customers",
              BankTables.CUSTOMER,
              "one row per customer: latest known profile and totals"),
          PublishedTable.parquet(
              "customer_segments",
              CustomerSegment.SCHEMA,
              "one row per customer: RFM scores, segment, age and balance bands"),
          PublishedTable.parquet(
              "suspicious_transactions",
              Suspicion.SCHEMA,
              "one row per (transaction, fraud rule) hit"),
          PublishedTable.parquet(
              "location_stats",
              LocationStats.SCHEMA,
              "one row per location: the statistics location_outlier scores against"),
          PublishedTable.deadLetters("dead letters: every rejected input line with its reason"));

  /** What a run replaces on commit: the tables, the record of consumed inputs, the summary. */
  public static final List<String> RESULTS = withState(PublishedTable.results(TABLES));

  private static List<String> withState(List<String> results) {
    List<String> all = new ArrayList<>(results);
    all.add(all.size() - 1, InputRecord.STATE_DIR);
    return List.copyOf(all);
  }

  private BankPipeline() {}

  /** Checks the inputs, runs the job into a staging area, reconciles and commits. */
  public static RunReport run(BankOptions options) throws IOException {
    BankOptionChecks.bank(options);
    List<String> inputs = InputPatterns.split(options.getInput());
    S3Setup.preflight(options, InputPatterns.withOutput(inputs, options.getOutput()));
    OutputGuards.requireApart(inputs, options.getOutput());
    OutputGuards.requireOwnedBy("bank", options.getOutput());
    String root = StagedOutput.rootOf(options.getOutput());
    InputPlan plan = InputPlan.of(inputs, root, options.getIncremental());
    if (plan.nothingNew()) {
      return RunReport.nothingToDo(
          "nothing new since run "
              + plan.previousRunId()
              + ": every input file is recorded in "
              + root
              + "/"
              + InputRecord.FILE);
    }
    List<String> files = plan.newPaths();
    ReadCsvLines.checkInputs(files, BankCsv.HEADER, options.getEncoding());
    // one bound for the whole run, also in the summary
    options.setLatestTransactionDate(BankParseOptions.batchBound(options).toString());
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("input", options.getInput());
    header.put("latest_transaction_date", options.getLatestTransactionDate());
    return RunReport.runStaged(
        options,
        "bank",
        header,
        files,
        RESULTS,
        (pipeline, staged) -> {
          checkStillCurrent(plan, staged.root());
          build(pipeline, files, plan.incremental(), staged, options);
        },
        figures -> BankCounts.reconcile(figures, plan));
  }

  /** Under the lock: the record is still the one the plan was made from. */
  private static void checkStillCurrent(InputPlan plan, String root) {
    if (!plan.incremental()) {
      return;
    }
    try {
      String now = InputRecord.read(root).map(InputRecord::lastRunId).orElse(null);
      if (!Objects.equals(now, plan.previousRunId())) {
        throw new UserError(
            "run "
                + now
                + " committed into "
                + root
                + " while this run was starting (it had read run "
                + plan.previousRunId()
                + "'s record); run again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A full run over {@code inputs}. */
  public static void build(
      Pipeline pipeline, List<String> inputs, StagedOutput out, BankOptions options) {
    build(pipeline, inputs, false, out, options);
  }

  /** The derived tables that depend on all transactions. */
  record Derived(
      PCollection<CustomerProfile> customers,
      PCollection<Suspicion> suspicious,
      PCollection<KV<String, LocationStats>> locationStats) {}

  /**
   * {@code incremental}: {@code inputs} are only the new files; the run deduplicates against the
   * published transactions, adds files to {@code transactions/} and {@code rejected/}, and derives
   * the other tables from what is published plus the new rows ({@link BankIncrement}).
   */
  static void build(
      Pipeline pipeline,
      List<String> inputs,
      boolean incremental,
      StagedOutput out,
      BankOptions options) {
    BankIncrement increment = incremental ? BankIncrement.over(pipeline, out.root()) : null;
    List<PCollection<KV<String, Long>>> counts = new ArrayList<>();
    PCollection<SourceLine> lines =
        pipeline.apply(
            "ReadBankCsv",
            ReadCsvLines.from(inputs, BankCsv.HEADER).withEncoding(options.getEncoding()));
    counts.add(BankCounts.linesPerFile(lines));
    StepResult<Parsed<BankTransaction>> cleaned =
        lines.apply(
            "CleanTransactions",
            CleanRecords.of(
                parseTransactions(BankParseOptions.batchBound(options)),
                increment != null
                    ? increment.dedup(options.getBuckets())
                    : DedupByKey.by("transaction_id", BankTransaction::transactionId)
                        .withBuckets(options.getBuckets())));
    PCollection<BankTransaction> clean =
        cleaned.countsTo(counts).good().apply("DropSources", Parsed.values());
    Derived derived = increment != null ? increment.derive(clean, options) : derive(clean, options);
    StepResult<CustomerSegment> segments =
        derived.customers().apply("SegmentCustomers", SegmentCustomers.create());
    counts.add(segments.counts());
    counts.add(
        BankCounts.tables(clean, cleaned.rejected(), derived.customers(), derived.suspicious()));

    new Sinks(out, options.getNumShards(), incremental)
        .write(cleaned.good(), clean, cleaned.rejected(), derived, segments.good());
    PCollectionList.of(counts)
        .apply("FlattenCounts", Flatten.pCollections())
        .apply("SumCounts", CountLabels.create())
        .apply("WriteCounts", Writers.counts(out.staged(RunReport.COUNTS_FILE)));
  }

  /** Raw lines to transactions, in batch and streaming alike. */
  public static ParseCsv<BankTransaction> parseTransactions(LocalDate latestTransactionDate) {
    return ParseCsv.of(
        BankCsv.HEADER.size(),
        BankCsv.mapper(latestTransactionDate),
        BankTransaction.TransactionCoder.of());
  }

  /**
   * The staged tables. An incremental run adds run-unique files beside the published ones in {@code
   * transactions/}, {@code rejected/} and the state, and replaces the other tables.
   */
  private record Sinks(StagedOutput out, int numShards, boolean incremental) {
    void write(
        PCollection<Parsed<BankTransaction>> withSources,
        PCollection<BankTransaction> clean,
        PCollection<DeadLetter> rejected,
        Derived derived,
        PCollection<CustomerSegment> segments) {
      String runFiles = "part-" + out.runId();
      String addedFiles = incremental ? runFiles : "part";
      if (incremental) {
        out.keepPublished("transactions");
        out.keepPublished("rejected");
        out.keepPublished(PublishedBank.STATE_TRANSACTIONS);
      }
      clean.apply(
          "WriteTransactions",
          Writers.partitionedParquet(
              out.staged("transactions"),
              BankTables.TRANSACTION_PARTITION,
              BankTables::partitionOf,
              BankTables::toRecord,
              BankTables.TRANSACTION,
              numShards,
              addedFiles));
      withSources.apply(
          "WritePublishedState",
          Writers.parquet(
              out.staged(PublishedBank.STATE_TRANSACTIONS),
              PublishedBank::toStateRecord,
              PublishedBank.STATE_SCHEMA,
              numShards,
              Map.of(),
              runFiles));
      rejected.apply("WriteRejected", Writers.deadLetters(out.staged("rejected"), addedFiles));
      derived
          .customers()
          .apply("WriteCustomers", parquet("customers", BankTables::toRecord, BankTables.CUSTOMER));
      segments.apply(
          "WriteCustomerSegments",
          parquet("customer_segments", CustomerSegment::toRecord, CustomerSegment.SCHEMA));
      derived
          .suspicious()
          .apply(
              "WriteSuspiciousTransactions",
              parquet("suspicious_transactions", Suspicion::toRecord, Suspicion.SCHEMA));
      // the statistics location_outlier scored against: over every published transaction
      derived
          .locationStats()
          .apply("DropLocationKeys", Values.create())
          .setCoder(LocationStats.StatsCoder.of())
          .apply(
              "WriteLocationStats",
              Writers.parquet(
                  out.staged("location_stats"), LocationStats::toRecord, LocationStats.SCHEMA, 1));
    }

    private <T> PTransform<PCollection<T>, WriteFilesResult<Void>> parquet(
        String table, SerializableFunction<T, GenericRecord> toRecord, Schema schema) {
      return Writers.parquet(out.staged(table), toRecord, schema, numShards);
    }
  }

  /** A full run's customers and suspicious transactions: from all its clean rows. */
  private static Derived derive(PCollection<BankTransaction> clean, BankOptions options) {
    // One grouping of all transactions by customer yields the customer table and the per-customer
    // rules' hits.
    PCollectionTuple byCustomer =
        clean.apply(
            "GroupByCustomer",
            GroupByCustomer.withRules(customerRules(options)).withBuckets(options.getBuckets()));
    PCollection<KV<String, LocationStats>> locationStats =
        clean.apply("ComputeLocationStats", LocationOutlier.statsByLocation());
    return new Derived(
        byCustomer.get(GroupByCustomer.PROFILES),
        flagSuspicious(clean, byCustomer.get(GroupByCustomer.SUSPICIOUS), locationStats, options),
        locationStats);
  }

  /**
   * The fraud rules, grouped by what they need: single transactions (no shuffle), one customer's
   * transactions (in the customer grouping, see {@link #customerRules}), the location's amounts (a
   * small histogram shuffle and a broadcast).
   */
  static PCollection<Suspicion> flagSuspicious(
      PCollection<BankTransaction> clean,
      PCollection<Suspicion> byCustomer,
      PCollection<KV<String, LocationStats>> locationStats,
      BankOptions options) {
    PCollection<Suspicion> byTransaction =
        clean.apply("FlagTransactions", transactionRules(options));
    PCollection<Suspicion> byLocation =
        clean.apply("FlagLocationOutliers", locationOutlier(options).scoredAgainst(locationStats));
    return PCollectionList.of(byTransaction)
        .and(byCustomer)
        .and(byLocation)
        .apply("CollectSuspicious", Flatten.pCollections());
  }

  /** The rules that need all transactions of a customer. */
  static CustomerRule[] customerRules(FraudRuleOptions options) {
    return new CustomerRule[] {customerOutlier(options), burst(options)};
  }

  /** The rules that look at one transaction alone (the same in batch and streaming). */
  public static FlagTransactions transactionRules(FraudRuleOptions options) {
    return FlagTransactions.of(
        new AmountExceedsBalance(),
        new ImplausibleAge(options.getMinPlausibleAge(), options.getMaxPlausibleAge()));
  }

  public static CustomerOutlier customerOutlier(FraudRuleOptions options) {
    return new CustomerOutlier(
        options.getCustomerOutlierFactor(), options.getCustomerOutlierMinHistory());
  }

  public static Burst burst(FraudRuleOptions options) {
    return new Burst(options.getBurstCount(), options.getBurstWindowMinutes());
  }

  public static LocationOutlier locationOutlier(FraudRuleOptions options) {
    return new LocationOutlier(
        options.getLocationOutlierZ(), options.getLocationOutlierMinTransactions());
  }
}
