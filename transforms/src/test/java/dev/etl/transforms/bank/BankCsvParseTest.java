package dev.etl.transforms.bank;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.csv.CsvFormats;
import dev.etl.transforms.csv.ParseCsv;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@link ParseCsv} with {@link BankCsv#mapper()}: every reason code and the typing of good rows.
 */
public class BankCsvParseTest {
  private static final String FILE = "/data/bank_transactions.csv";

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Builds lines with increasing offsets and remembers the expected outcome of each. */
  private static final class Fixture {
    final List<SourceLine> lines = new ArrayList<>();
    final List<String> expectedRejections = new ArrayList<>();
    final List<Parsed<BankTransaction>> expectedGood = new ArrayList<>();
    long offset = 200;

    SourceLine add(String raw) {
      SourceLine line = new SourceLine(FILE, offset, raw);
      offset += raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
      lines.add(line);
      return line;
    }

    void reject(String raw, String reason) {
      expectedRejections.add(describe(add(raw), reason));
    }

    void good(String raw, BankTransaction expected) {
      expectedGood.add(new Parsed<>(add(raw), expected));
    }
  }

  static String describe(SourceLine line, String reason) {
    return line.file() + "|" + line.offset() + "|" + line.raw() + "|" + reason;
  }

  /** A valid row with one field replaced. */
  private static String row(int column, String value) {
    String[] f = {"T9", "C9", "10/1/94", "F", "MUMBAI", "100.5", "2/8/16", "143207", "25"};
    f[column] = value;
    return String.join(",", f);
  }

  private static Fixture fixture() {
    Fixture f = new Fixture();
    // good rows
    f.good(
        "T1,C1001,10/1/94,F,JAMSHEDPUR,17819.05,2/8/16,143207,25",
        new BankTransaction(
            "T1",
            "C1001",
            LocalDate.of(1994, 1, 10),
            "F",
            "JAMSHEDPUR",
            17819.05,
            LocalDate.of(2016, 8, 2),
            LocalTime.of(14, 32, 7),
            25.0));
    f.good(
        "T2,C1002,,,,,3/8/16,1234,0.5",
        new BankTransaction(
            "T2",
            "C1002",
            null,
            null,
            null,
            null,
            LocalDate.of(2016, 8, 3),
            LocalTime.of(0, 12, 34),
            0.5));
    f.good(
        " T3 , C1003 ,1/1/1800, M , NEW DELHI ,-100.25,5/8/16,5,1e5",
        new BankTransaction(
            "T3",
            "C1003",
            null,
            "M",
            "NEW DELHI",
            -100.25,
            LocalDate.of(2016, 8, 5),
            LocalTime.of(0, 0, 5),
            100000.0));
    f.good(
        "T4,C1004,5/9/16,F,\"DELHI, SOUTH \"\"X\"\"\",\" 12.50 \",2/8/2016,235959,0",
        new BankTransaction(
            "T4",
            "C1004",
            LocalDate.of(1916, 9, 5),
            "F",
            "DELHI, SOUTH \"X\"",
            12.5,
            LocalDate.of(2016, 8, 2),
            LocalTime.of(23, 59, 59),
            0.0));
    f.good(
        "T5,C1005,1/1/16,,Zoë Bürg 東京,  ,2/8/16,0,999999999.99",
        new BankTransaction(
            "T5",
            "C1005",
            LocalDate.of(2016, 1, 1),
            null,
            "Zoë Bürg 東京",
            null,
            LocalDate.of(2016, 8, 2),
            LocalTime.MIDNIGHT,
            999999999.99));

    // structural rejections
    f.reject("", ParseCsv.BLANK_LINE);
    f.reject("   ", ParseCsv.BLANK_LINE);
    f.reject("T6,C6,\"10/1/94,F,X,1,2/8/16,1,1", ParseCsv.MALFORMED_CSV);
    f.reject("T6,C6,\"10/1/94\"x,F,X,1,2/8/16,1,1", ParseCsv.MALFORMED_CSV);
    f.reject("T7,C7,10/1/94,F,X,1,2/8/16,1", ParseCsv.WRONG_COLUMN_COUNT);
    f.reject("T7,C7,10/1/94,F,X,1,2/8/16,1,1,extra", ParseCsv.WRONG_COLUMN_COUNT);
    f.reject("just one field", ParseCsv.WRONG_COLUMN_COUNT);
    f.reject("T7;C7;10/1/94;F;X;1;2/8/16;1;1", ParseCsv.WRONG_COLUMN_COUNT);
    // a carriage return in an unquoted field ends a record under RFC 4180: two records, malformed
    f.reject(row(4, "MUM\rBAI"), ParseCsv.MALFORMED_CSV);
    // inside quotes it is valid CSV, but a control character in a field: rejected, not published
    // (as a line feed in a quoted field is: one record per physical line)
    f.reject(row(4, "\"MUM\rBAI\""), ParseCsv.CONTROL_CHARACTER);
    f.reject(row(4, "MUM\u0000BAI"), ParseCsv.CONTROL_CHARACTER);
    f.good(
        row(4, "\"MUMBAI\""),
        new BankTransaction(
            "T9",
            "C9",
            LocalDate.of(1994, 1, 10),
            "F",
            "MUMBAI",
            100.5,
            LocalDate.of(2016, 8, 2),
            LocalTime.of(14, 32, 7),
            25.0));

    // mapper rejections
    f.reject(row(0, ""), BankCsv.MISSING_TRANSACTION_ID);
    f.reject(row(0, "  "), BankCsv.MISSING_TRANSACTION_ID);
    f.reject(",,,,,,,,", BankCsv.MISSING_TRANSACTION_ID); // the first failing check wins
    f.reject(row(1, ""), BankCsv.MISSING_CUSTOMER_ID);
    for (String date : new String[] {"31/2/16", "32/8/16", "0/9/16", "abc", "", "2/8"}) {
      f.reject(row(6, date), BankCsv.BAD_TRANSACTION_DATE);
    }
    for (String time : new String[] {"250000", "126000", "1260", "12a4", "", "1234567"}) {
      f.reject(row(7, time), BankCsv.BAD_TRANSACTION_TIME);
    }
    for (String amount :
        new String[] {"abc", "", "-5", "NaN", "Infinity", "1e400", "0x10", "25d", "1,5"}) {
      f.reject(row(8, amount.contains(",") ? "\"" + amount + "\"" : amount), BankCsv.BAD_AMOUNT);
    }
    for (String balance : new String[] {"abc", "NaN", "-Infinity", "12.3.4"}) {
      f.reject(row(5, balance), BankCsv.BAD_BALANCE);
    }
    // date is checked before time, time before amount, amount before balance
    f.reject(row(6, "x").replace("143207", "x"), BankCsv.BAD_TRANSACTION_DATE);
    f.reject(row(7, "x").replace(",25", ",x"), BankCsv.BAD_TRANSACTION_TIME);
    f.reject(row(8, "x").replace("100.5", "x"), BankCsv.BAD_AMOUNT);
    return f;
  }

  @Test
  public void parsesGoodRowsAndRejectsEachBadRowWithItsReason() {
    Fixture f = fixture();
    StepResult<Parsed<BankTransaction>> result =
        p.apply(Create.of(f.lines).withCoder(SourceLine.Coder.of()))
            .apply(
                ParseCsv.of(
                    BankCsv.HEADER.size(),
                    BankCsv.mapper(),
                    BankTransaction.TransactionCoder.of()));

    PAssert.that(result.good()).containsInAnyOrder(f.expectedGood);
    PCollection<String> rejected =
        result
            .rejected()
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((DeadLetter d) -> describe(d.source(), d.reason())));
    PAssert.that(rejected).containsInAnyOrder(f.expectedRejections);
    PAssert.that(result.rejected())
        .satisfies(
            letters -> {
              for (DeadLetter d : letters) {
                assertFalse("detail of " + d, d.detail().isBlank());
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void fixtureIsConsistent() {
    Fixture f = fixture();
    assertEquals(f.lines.size(), f.expectedGood.size() + f.expectedRejections.size());
  }

  // The mapper alone, for the details of individual fields.

  private static BankTransaction map(String line) throws Exception {
    return BankCsv.mapper().map(CsvFormats.split(line));
  }

  private static String reasonOf(String line) throws Exception {
    return assertThrows(Rejection.class, () -> map(line)).reason();
  }

  @Test
  public void amountInScientificNotationIsAcceptedBecauseBigDecimalAcceptsIt() throws Exception {
    assertEquals(100000.0, map(row(8, "1e5")).amountInr(), 0.0);
    assertEquals(1.5, map(row(8, "1.5E0")).amountInr(), 0.0);
  }

  @Test
  public void amountsAndBalancesAreTrimmedDoubles() throws Exception {
    BankTransaction t = map(row(8, " 42.75 ").replace("100.5", " -7 "));
    assertEquals(42.75, t.amountInr(), 0.0);
    assertEquals(Double.valueOf(-7.0), t.accountBalance());
  }

  @Test
  public void zeroAmountIsAccepted() throws Exception {
    assertEquals(0.0, map(row(8, "0")).amountInr(), 0.0);
    assertEquals(0.0, map(row(8, "0.00")).amountInr(), 0.0);
  }

  @Test
  public void blankOptionalFieldsBecomeNull() throws Exception {
    BankTransaction t = map("T1,C1, , , , ,2/8/16,1,1");
    assertNull(t.customerDob());
    assertNull(t.gender());
    assertNull(t.location());
    assertNull(t.accountBalance());
  }

  @Test
  public void rejectionDetailsNameTheBadValue() throws Exception {
    Rejection r = assertThrows(Rejection.class, () -> map(row(8, "-5")));
    assertEquals(BankCsv.BAD_AMOUNT, r.reason());
    assertThat(r.detail(), containsString("'-5'"));
    assertThat(
        assertThrows(Rejection.class, () -> map(row(6, "31/2/16"))).detail(),
        containsString("31/2/16"));
    assertThat(
        assertThrows(Rejection.class, () -> map(row(7, "1260"))).detail(), containsString("1260"));
    assertThat(
        assertThrows(Rejection.class, () -> map(row(5, "abc"))).detail(), containsString("abc"));
  }

  @Test
  public void reasonCodes() throws Exception {
    assertEquals(BankCsv.BAD_TRANSACTION_DATE, reasonOf(row(6, "29/2/17")));
    assertEquals(BankCsv.BAD_TRANSACTION_TIME, reasonOf(row(7, "240000")));
    assertEquals(BankCsv.BAD_AMOUNT, reasonOf(row(8, "-0.01")));
    assertEquals(BankCsv.BAD_BALANCE, reasonOf(row(5, "Infinity")));
    assertEquals(BankCsv.MISSING_CUSTOMER_ID, reasonOf(row(1, " ")));
  }

  @Test
  public void checkHeaderWithExactBankHeaderPasses() {
    CsvFormats.checkHeader(
        "bank.csv",
        "TransactionID,CustomerID,CustomerDOB,CustGender,CustLocation,CustAccountBalance,"
            + "TransactionDate,TransactionTime,TransactionAmount (INR)",
        BankCsv.HEADER);
  }

  private static final String HEADER_LINE = String.join(",", BankCsv.HEADER);

  @Test
  public void futureDatesAndRepeatedHeadersHaveTheirOwnReasons() {
    List<SourceLine> lines =
        List.of(
            new SourceLine(FILE, 10, row(6, "31/12/16")), // the bound itself is accepted
            new SourceLine(FILE, 20, row(6, "1/1/17")), // one day after the bound
            new SourceLine(FILE, 30, row(6, "10/8/99")), // 2099-08-10
            new SourceLine(FILE, 40, HEADER_LINE), // two files concatenated
            new SourceLine(FILE, 50, " transactionid , CUSTOMERID" + HEADER_LINE.substring(24)),
            new SourceLine(FILE, 60, row(6, "32/1/16")));
    StepResult<Parsed<BankTransaction>> result =
        p.apply(Create.of(lines).withCoder(SourceLine.Coder.of()))
            .apply(
                ParseCsv.of(
                    BankCsv.HEADER.size(),
                    BankCsv.mapper(LocalDate.of(2016, 12, 31)),
                    BankTransaction.TransactionCoder.of()));
    PAssert.that(
            result
                .good()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (Parsed<BankTransaction> t) -> t.value().transactionDate().toString())))
        .containsInAnyOrder("2016-12-31");
    PAssert.that(
            result
                .rejected()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (DeadLetter d) ->
                                d.source().offset() + ":" + d.reason() + ":" + d.detail())))
        .containsInAnyOrder(
            "20:future_transaction_date:TransactionDate '1/1/17' is 2017-01-01, after the latest allowed 2016-12-31",
            "30:future_transaction_date:TransactionDate '10/8/99' is 2099-08-10, after the latest allowed 2016-12-31",
            "40:repeated_header:the line repeats the file's header",
            "50:repeated_header:the line repeats the file's header",
            "60:bad_transaction_date:TransactionDate '32/1/16' is not a real d/m/yy date");
    p.run().waitUntilFinish();
  }

  @Test
  public void theDefaultBoundIsTodayInTheLatestZone() throws Exception {
    LocalDate today = BankDates.today();
    String d = today.getDayOfMonth() + "/" + today.getMonthValue() + "/" + today.getYear();
    LocalDate tomorrow = today.plusDays(1);
    String t = tomorrow.getDayOfMonth() + "/" + tomorrow.getMonthValue() + "/" + tomorrow.getYear();
    assertEquals(today, map(row(6, d)).transactionDate());
    assertEquals(BankCsv.FUTURE_TRANSACTION_DATE, reasonOf(row(6, t)));
    assertEquals(BankCsv.FUTURE_TRANSACTION_DATE, reasonOf(row(6, "10/8/99")));
    // a stream's watermark must not jump to 2099 on such a line
    assertNull(BankCsv.eventTime(row(6, "10/8/99")));
    assertEquals(
        BankTransaction.eventTime(LocalDate.of(2016, 8, 2), LocalTime.of(14, 32, 7)),
        BankCsv.eventTime(row(0, "T9")));
  }
}
