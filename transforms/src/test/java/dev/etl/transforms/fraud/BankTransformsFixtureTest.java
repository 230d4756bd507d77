package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.core.CleanRecords;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.csv.ReadCsvLines;
import java.io.File;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * The transforms chained as the bank pipeline chains them, on {@code bank/bank_sample.csv}: a UTF-8
 * BOM, CRLF line ends and no line end after the last line. 17 data lines:
 *
 * <pre>
 * offset line                                          outcome
 *  140   T1 C1 10/1/94 MUMBAI 2/8/16 14:32:07  25       clean
 *  188   T2 C2 25/7/68 DELHI (no balance)     100       clean, DOB 1968 (not 2068)
 *  228   T1 again, identical                            duplicate
 *  276   T3 C1 PUNE 900 5/8/16 09:00:00        75       clean: C1's latest location and balance
 *  318   T2 C9 ...                                      conflicting_duplicate (T2 kept from 188)
 *  353   T4 C3 1/1/1800, blank gender/location/balance  clean, unknown DOB
 *  388   (empty)                                        blank_line
 *  390   T5 C4 5/9/16 "NEW DELHI, SOUTH"                clean, DOB 1916-09-05
 *  444   T6 31/2/16                                     bad_transaction_date
 *  481   T7 1260                                        bad_transaction_time
 *  515   T8 -5                                          bad_amount
 *  552   T9 balance abc                                 bad_balance
 *  590   T10 8 columns                                  wrong_column_count
 *  625   (no id)                                        missing_transaction_id
 *  659   T11 (no customer)                              missing_customer_id
 *  694   T12 unterminated quote                         malformed_csv
 *  732   T13 C6 29/2/00 Zoë Town 7/8/16 3.5             clean, last line without line end
 * </pre>
 *
 * <p>In {@code fraud/}, the top of the bank transforms (the chain ends with {@link
 * GroupByCustomer}), so that tests, too, import only packages below their own.
 */
public class BankTransformsFixtureTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static String fixture() throws Exception {
    return new File(BankTransformsFixtureTest.class.getResource("/bank/bank_sample.csv").toURI())
        .toString();
  }

  @Test
  public void fixtureHeaderIsAccepted() throws Exception {
    ReadCsvLines.checkInputs(List.of(fixture()), BankCsv.HEADER, "UTF-8");
  }

  @Test
  public void wholeChainWithTheDefaultRange() throws Exception {
    run(ReadCsvLines.from(List.of(fixture()), BankCsv.HEADER));
  }

  @Test
  public void wholeChainWithTinyRanges() throws Exception {
    run(ReadCsvLines.from(List.of(fixture()), BankCsv.HEADER).withRangeBytes(17));
  }

  private void run(ReadCsvLines read) throws Exception {
    String file = fixture();
    PCollection<dev.etl.transforms.core.SourceLine> lines = p.apply(read);
    StepResult<Parsed<BankTransaction>> cleaned =
        lines.apply(
            CleanRecords.of(
                ParseCsv.of(
                    BankCsv.HEADER.size(), BankCsv.mapper(), BankTransaction.TransactionCoder.of()),
                DedupByKey.by("transaction_id", BankTransaction::transactionId)));
    PCollection<BankTransaction> clean = cleaned.good().apply(Parsed.values());
    PCollection<DeadLetter> rejected = cleaned.rejected();

    PAssert.that(
            rejected.apply(
                "DescribeRejected",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (DeadLetter d) ->
                            d.source().file() + "@" + d.source().offset() + "|" + d.reason())))
        .containsInAnyOrder(
            file + "@318|conflicting_duplicate",
            file + "@388|blank_line",
            file + "@444|bad_transaction_date",
            file + "@481|bad_transaction_time",
            file + "@515|bad_amount",
            file + "@552|bad_balance",
            file + "@590|wrong_column_count",
            file + "@625|missing_transaction_id",
            file + "@659|missing_customer_id",
            file + "@694|malformed_csv");

    PCollection<KV<String, Long>> counts =
        PCollectionList.of(lines.apply("CountRead", CountLabels.perBundle("rows_read")))
            .and(
                clean.apply(
                    "CountClean",
                    CountLabels.perBundle(
                        (BankTransaction t) ->
                            List.of(
                                "rows_clean",
                                t.customerDob() == null ? "dob_unknown" : "dob_known"))))
            .and(cleaned.counts())
            .and(rejected.apply("CountRejected", CountLabels.perBundle("rejected")))
            .apply("AllCounts", Flatten.pCollections())
            .apply(CountLabels.create());
    PAssert.that(counts)
        .containsInAnyOrder(
            KV.of("rows_read", 17L),
            KV.of("lines_read", 17L), // ParseCsv's own count, in the composite's counts
            KV.of("rows_clean", 6L),
            KV.of("duplicates_removed", 1L),
            KV.of("rejected", 10L),
            KV.of("dob_unknown", 1L),
            KV.of("dob_known", 5L));
    p.run().waitUntilFinish();
  }
}
