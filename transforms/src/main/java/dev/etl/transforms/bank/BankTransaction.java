package dev.etl.transforms.bank;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.joda.time.Instant;

/**
 * A clean bank transaction. Nullable: customerDob (unknown), gender, location, accountBalance.
 *
 * <p>A Java record with a hand-written coder rather than Beam Rows or Avro records: equality (used
 * by dedup) and the coder are exact and deterministic, the encoding is compact (dates as epoch
 * days), and the type is plain Java for the transforms; conversion to Avro happens only at the
 * Parquet sink.
 */
public record BankTransaction(
    String transactionId,
    String customerId,
    LocalDate customerDob,
    String gender,
    String location,
    Double accountBalance,
    LocalDate transactionDate,
    LocalTime transactionTime,
    double amountInr) {

  /** Later transactions sort last: by date, time, then transaction id. */
  public static final Comparator<BankTransaction> CHRONOLOGICAL =
      Comparator.comparing(BankTransaction::transactionDate)
          .thenComparing(BankTransaction::transactionTime)
          .thenComparing(BankTransaction::transactionId);

  /** The event time of a transaction: its date and time, read as UTC (the source names no zone). */
  public Instant eventTime() {
    return eventTime(transactionDate, transactionTime);
  }

  public static Instant eventTime(LocalDate date, LocalTime time) {
    return new Instant(date.atTime(time).toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  public static final class TransactionCoder extends AtomicCoder<BankTransaction> {
    private static final TransactionCoder INSTANCE = new TransactionCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
    private static final Coder<Long> NULLABLE_LONG = NullableCoder.of(VarLongCoder.of());
    private static final Coder<Double> NULLABLE_DOUBLE = NullableCoder.of(DoubleCoder.of());
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Integer> INT = VarIntCoder.of();
    private static final Coder<Double> DOUBLE = DoubleCoder.of();

    public static TransactionCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(BankTransaction t, OutputStream out) throws IOException {
      STRING.encode(t.transactionId, out);
      STRING.encode(t.customerId, out);
      NULLABLE_LONG.encode(t.customerDob == null ? null : t.customerDob.toEpochDay(), out);
      NULLABLE_STRING.encode(t.gender, out);
      NULLABLE_STRING.encode(t.location, out);
      NULLABLE_DOUBLE.encode(t.accountBalance, out);
      LONG.encode(t.transactionDate.toEpochDay(), out);
      INT.encode(t.transactionTime.toSecondOfDay(), out);
      DOUBLE.encode(t.amountInr, out);
    }

    @Override
    public BankTransaction decode(InputStream in) throws IOException {
      String id = STRING.decode(in);
      String customer = STRING.decode(in);
      Long dob = NULLABLE_LONG.decode(in);
      return new BankTransaction(
          id,
          customer,
          dob == null ? null : LocalDate.ofEpochDay(dob),
          NULLABLE_STRING.decode(in),
          NULLABLE_STRING.decode(in),
          NULLABLE_DOUBLE.decode(in),
          LocalDate.ofEpochDay(LONG.decode(in)),
          LocalTime.ofSecondOfDay(INT.decode(in)),
          DOUBLE.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
