package dev.etl.pipelines.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.OptionChecks;
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
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.TaggedResult;
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
import dev.etl.transforms.segment.Quintiles;
import dev.etl.transforms.segment.RfmBoundaries;
import dev.etl.transforms.segment.SegmentCustomers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

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
    OptionChecks.bank(options);
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
        figures -> reconcile(figures, plan));
  }

  /** Under the lock: the record is still the one the plan was made from. */
  private static void checkStillCurrent(InputPlan plan, String root) {
    if (!plan.incremental()) {
      return;
    }
    try {
      String now = InputRecord.read(root).map(InputRecord::lastRunId).orElse(null);
      if (!java.util.Objects.equals(now, plan.previousRunId())) {
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
      throw new java.io.UncheckedIOException(e);
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
    int numShards = options.getNumShards();
    // run-unique file names where files are added beside earlier runs' files
    String runFiles = "part-" + out.runId();
    PCollection<SourceLine> lines =
        pipeline.apply(
            "ReadBankCsv",
            ReadCsvLines.from(inputs, BankCsv.HEADER).withEncoding(options.getEncoding()));

    TaggedResult<Parsed<BankTransaction>> parsed =
        lines.apply(
            "ParseTransactions",
            ParseCsv.of(
                BankCsv.HEADER.size(),
                BankCsv.mapper(BankParseOptions.batchBound(options)),
                BankTransaction.TransactionCoder.of()));

    BankIncrement increment = incremental ? BankIncrement.over(pipeline, out.root()) : null;
    DedupByKey.Result<BankTransaction> dedup =
        increment != null
            ? increment.dedup(parsed.good(), options.getBuckets())
            : parsed
                .good()
                .apply(
                    "DedupTransactions",
                    DedupByKey.by("transaction_id", BankTransaction::transactionId)
                        .withBuckets(options.getBuckets()));

    PCollection<BankTransaction> clean =
        dedup
            .unique()
            .apply(
                "DropSources",
                MapElements.into(TypeDescriptor.of(BankTransaction.class)).via(Parsed::value))
            .setCoder(BankTransaction.TransactionCoder.of());

    Derived derived = increment != null ? increment.derive(clean, options) : derive(clean, options);
    PCollection<CustomerProfile> customers = derived.customers();
    SegmentCustomers.Result segments =
        customers.apply("SegmentCustomers", SegmentCustomers.create());
    PCollection<Suspicion> suspicious = derived.suspicious();

    PCollection<DeadLetter> rejected =
        PCollectionList.of(parsed.rejected())
            .and(dedup.conflicting())
            .apply("CollectRejected", Flatten.pCollections());

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
            incremental ? runFiles : "part"));
    dedup
        .unique()
        .apply(
            "WritePublishedState",
            Writers.parquet(
                out.staged(PublishedBank.STATE_TRANSACTIONS),
                PublishedBank::toStateRecord,
                PublishedBank.STATE_SCHEMA,
                numShards,
                Map.of(),
                runFiles));
    customers.apply(
        "WriteCustomers",
        Writers.parquet(
            out.staged("customers"), BankTables::toRecord, BankTables.CUSTOMER, numShards));
    segments
        .segments()
        .apply(
            "WriteCustomerSegments",
            Writers.parquet(
                out.staged("customer_segments"),
                CustomerSegment::toRecord,
                CustomerSegment.SCHEMA,
                numShards));
    suspicious.apply(
        "WriteSuspiciousTransactions",
        Writers.parquet(
            out.staged("suspicious_transactions"),
            Suspicion::toRecord,
            Suspicion.SCHEMA,
            numShards));
    rejected.apply(
        "WriteRejected",
        Writers.deadLetters(out.staged("rejected"), incremental ? runFiles : "part"));
    // the statistics location_outlier scored against: over every published transaction
    derived
        .locationStats()
        .apply("DropLocationKeys", Values.create())
        .setCoder(LocationStats.StatsCoder.of())
        .apply(
            "WriteLocationStats",
            Writers.parquet(
                out.staged("location_stats"), LocationStats::toRecord, LocationStats.SCHEMA, 1));

    PCollection<KV<String, Long>> counts =
        PCollectionList.of(parsed.counts())
            .and(
                lines.apply(
                    "CountLinesPerFile",
                    CountLabels.perBundle(l -> List.of(FILE_LINES + l.file()))))
            .and(clean.apply("CountClean", CountLabels.perBundle(BankPipeline::cleanLabels)))
            .and(
                dedup
                    .duplicates()
                    .apply("CountDuplicates", CountLabels.perBundle("duplicates_removed")))
            .and(
                rejected.apply(
                    "CountRejected", CountLabels.perBundle(r -> List.of("rejected:" + r.reason()))))
            .and(customers.apply("CountCustomers", CountLabels.perBundle("customers")))
            .and(
                segments
                    .segments()
                    .apply(
                        "CountSegments",
                        CountLabels.perBundle(c -> List.of("segment:" + c.segment()))))
            .and(
                segments
                    .boundaries()
                    .apply("BoundariesAsCounts", ParDo.of(new BoundariesAsCountsFn())))
            .and(
                suspicious.apply(
                    "CountSuspicious",
                    CountLabels.perBundle(h -> List.of("suspicious:" + h.reason()))))
            .apply("FlattenCounts", Flatten.pCollections())
            .apply("SumCounts", CountLabels.create());
    counts.apply("WriteCounts", Writers.counts(out.staged(RunReport.COUNTS_FILE)));
  }

  private static final String FILE_LINES = "file_lines:";

  /** A full run's customers and suspicious transactions: from all its clean rows. */
  private static Derived derive(PCollection<BankTransaction> clean, BankOptions options) {
    // One grouping of all transactions by customer yields the customer table and the per-customer
    // rules' hits.
    GroupByCustomer.Result byCustomer =
        clean.apply(
            "GroupByCustomer",
            GroupByCustomer.withRules(customerRules(options)).withBuckets(options.getBuckets()));
    PCollection<KV<String, LocationStats>> locationStats =
        clean.apply("ComputeLocationStats", LocationOutlier.statsByLocation());
    return new Derived(
        byCustomer.profiles(),
        flagSuspicious(clean, byCustomer.suspicious(), locationStats, options),
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

  /**
   * The RFM bounds travel to the summary as counts (monetary in paise, the reference date as an
   * epoch day).
   */
  static final class BoundariesAsCountsFn extends DoFn<RfmBoundaries, KV<String, Long>> {
    @ProcessElement
    public void process(@Element RfmBoundaries b, OutputReceiver<KV<String, Long>> out) {
      if (b.referenceDate() == null) {
        return;
      }
      out.output(KV.of("rfm_reference_day", b.referenceDate().toEpochDay()));
      quintiles(out, "recency_days", b.recencyDays());
      quintiles(out, "frequency", b.frequency());
      quintiles(out, "monetary_paise", b.monetaryPaise());
    }

    private static void quintiles(
        OutputReceiver<KV<String, Long>> out, String measure, Quintiles q) {
      out.output(KV.of("rfm_boundary:" + measure + ":q1_max", q.q1Max()));
      out.output(KV.of("rfm_boundary:" + measure + ":q2_max", q.q2Max()));
      out.output(KV.of("rfm_boundary:" + measure + ":q3_max", q.q3Max()));
      out.output(KV.of("rfm_boundary:" + measure + ":q4_max", q.q4Max()));
    }
  }

  private static final List<String> CLEAN = List.of("rows_clean");
  private static final List<String> CLEAN_DOB_UNKNOWN = List.of("rows_clean", "dob_unknown");

  private static List<String> cleanLabels(BankTransaction t) {
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
    figures.put("rows_read", figures.count(ParseCsv.LINES_READ));
    figures.put("rows_clean", figures.count("rows_clean"));
    figures.put("duplicates_removed", figures.count("duplicates_removed"));
    figures.put("rows_rejected", figures.total("rejected:"));
    figures.put("rejected_by_reason", figures.byPrefix("rejected:"));
    figures.put("dob_unknown", figures.count("dob_unknown"));
    figures.put("customers", figures.count("customers"));
    putSegmentation(figures);
    Map<String, Long> hits = new LinkedHashMap<>();
    Suspicion.REASONS.forEach(reason -> hits.put(reason, figures.count("suspicious:" + reason)));
    figures.put("suspicious_by_reason", hits);
    figures.put("suspicious_rows", figures.total("suspicious:"));
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

  /**
   * rfm_reference_date, rfm_boundaries {measure: {q1_max..q4_max}} and customers_by_segment (every
   * segment, zeros included).
   */
  private static void putSegmentation(RunReport.Figures figures) {
    long referenceDay = figures.count("rfm_reference_day");
    boolean any = figures.count("customers") > 0;
    figures.put("rfm_reference_date", any ? LocalDate.ofEpochDay(referenceDay).toString() : null);
    Map<String, Object> boundaries = new LinkedHashMap<>();
    for (String measure : List.of("recency_days", "frequency", "monetary")) {
      String label = measure.equals("monetary") ? "monetary_paise" : measure;
      Map<String, Object> bounds = new LinkedHashMap<>();
      for (String q : List.of("q1_max", "q2_max", "q3_max", "q4_max")) {
        long value = figures.count("rfm_boundary:" + label + ":" + q);
        bounds.put(q, measure.equals("monetary") ? (Object) (value / 100.0) : (Object) value);
      }
      boundaries.put(measure, bounds);
    }
    figures.put("rfm_boundaries", boundaries);
    Map<String, Long> bySegment = new LinkedHashMap<>();
    SegmentCustomers.SEGMENTS.forEach(
        segment -> bySegment.put(segment, figures.count("segment:" + segment)));
    figures.put("customers_by_segment", bySegment);
  }
}
