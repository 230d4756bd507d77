package dev.etl.transforms.bank;

import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.RowMapper;
import dev.etl.transforms.csv.CsvFormats;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.joda.time.Instant;

/** The layout of {@code bank_transactions.csv} and the mapping of its fields to a clean record. */
public final class BankCsv {
  public static final List<String> HEADER =
      List.of(
          "TransactionID",
          "CustomerID",
          "CustomerDOB",
          "CustGender",
          "CustLocation",
          "CustAccountBalance",
          "TransactionDate",
          "TransactionTime",
          "TransactionAmount (INR)");

  // Reason codes: part of the output contract.
  public static final String MISSING_TRANSACTION_ID = "missing_transaction_id";
  public static final String MISSING_CUSTOMER_ID = "missing_customer_id";
  public static final String BAD_TRANSACTION_DATE = "bad_transaction_date";
  public static final String FUTURE_TRANSACTION_DATE = "future_transaction_date";
  public static final String BAD_TRANSACTION_TIME = "bad_transaction_time";
  public static final String BAD_AMOUNT = "bad_amount";
  public static final String BAD_BALANCE = "bad_balance";

  private BankCsv() {}

  /** The mapper with the default bound: a date after {@link BankDates#today()} when parsed. */
  public static RowMapper<BankTransaction> mapper() {
    return mapper(null);
  }

  /**
   * The mapper that rejects a transaction dated after {@code latestDate} as {@value
   * #FUTURE_TRANSACTION_DATE} ({@code null}: after {@link BankDates#today()} at the time of
   * parsing, for a stream that runs for days).
   */
  public static RowMapper<BankTransaction> mapper(LocalDate latestDate) {
    return fields -> toTransaction(fields, latestDate == null ? BankDates.today() : latestDate);
  }

  /**
   * The event time of a raw line (transaction date and time, see {@link
   * BankTransaction#eventTime}), or null when the line has none: a stream's watermark needs it
   * before the line is parsed.
   */
  public static Instant eventTime(String line) {
    try {
      String[] f = CsvFormats.split(line);
      if (f.length != HEADER.size()) {
        return null;
      }
      LocalDate date = BankDates.parseTransactionDate(f[6]);
      LocalTime time = BankDates.parseTime(f[7]);
      // a future date is a dead letter to be: it must not carry the watermark years ahead
      return date == null || time == null || date.isAfter(BankDates.today())
          ? null
          : BankTransaction.eventTime(date, time);
    } catch (CsvFormats.MalformedLineException e) {
      return null;
    }
  }

  static BankTransaction toTransaction(String[] f, LocalDate latestDate) throws Rejection {
    CsvFormats.rejectRepeatedHeader(f, HEADER);
    String transactionId = f[0].trim();
    if (transactionId.isEmpty()) {
      throw new Rejection(MISSING_TRANSACTION_ID, "TransactionID is blank");
    }
    String customerId = f[1].trim();
    if (customerId.isEmpty()) {
      throw new Rejection(MISSING_CUSTOMER_ID, "CustomerID is blank");
    }
    LocalDate date = BankDates.parseTransactionDate(f[6]);
    if (date == null) {
      throw new Rejection(
          BAD_TRANSACTION_DATE, "TransactionDate '" + f[6] + "' is not a real d/m/yy date");
    }
    if (date.isAfter(latestDate)) {
      throw new Rejection(
          FUTURE_TRANSACTION_DATE,
          "TransactionDate '" + f[6] + "' is " + date + ", after the latest allowed " + latestDate);
    }
    LocalTime time = BankDates.parseTime(f[7]);
    if (time == null) {
      throw new Rejection(
          BAD_TRANSACTION_TIME, "TransactionTime '" + f[7] + "' is not an HHMMSS time");
    }
    Double amount = number(f[8]);
    if (amount == null || amount < 0) {
      throw new Rejection(
          BAD_AMOUNT, "TransactionAmount (INR) '" + f[8] + "' is not a non-negative number");
    }
    Double balance = null;
    if (!f[5].isBlank()) {
      balance = number(f[5]);
      if (balance == null) {
        throw new Rejection(BAD_BALANCE, "CustAccountBalance '" + f[5] + "' is not a number");
      }
    }
    return new BankTransaction(
        transactionId,
        customerId,
        BankDates.resolveBirthDate(f[2], date),
        blankToNull(f[3]),
        blankToNull(f[4]),
        balance,
        date,
        time,
        amount);
  }

  private static Double number(String text) {
    try {
      // BigDecimal: plain decimal notation only (no "NaN", "Infinity", hex or "25d" as Double
      // allows)
      double value = new BigDecimal(text.trim()).doubleValue();
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blankToNull(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
