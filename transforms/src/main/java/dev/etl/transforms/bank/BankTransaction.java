package dev.etl.transforms.bank;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
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

  public static final class TransactionCoder extends BlockCoder<BankTransaction> {
    private static final TransactionCoder INSTANCE = new TransactionCoder();

    public static TransactionCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(BankTransaction t, Encoder out) throws IOException {
      out.writeString(t.transactionId);
      out.writeString(t.customerId);
      writeNullableLong(out, t.customerDob == null ? null : t.customerDob.toEpochDay());
      writeNullableString(out, t.gender);
      writeNullableString(out, t.location);
      writeNullableDouble(out, t.accountBalance);
      out.writeLong(t.transactionDate.toEpochDay());
      out.writeInt(t.transactionTime.toSecondOfDay());
      out.writeDouble(t.amountInr);
    }

    @Override
    protected BankTransaction read(Decoder in) throws IOException {
      String id = in.readString();
      String customer = in.readString();
      Long dob = readNullableLong(in);
      return new BankTransaction(
          id,
          customer,
          dob == null ? null : LocalDate.ofEpochDay(dob),
          readNullableString(in),
          readNullableString(in),
          readNullableDouble(in),
          LocalDate.ofEpochDay(in.readLong()),
          LocalTime.ofSecondOfDay(in.readInt()),
          in.readDouble());
    }
  }
}
