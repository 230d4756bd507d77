package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTables;
import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * One rule hit: transaction {@code transactionId} is suspicious for {@code reason}. The rule found
 * {@code observed} (an amount, a robust z-score, a count or an age, see {@link #REASONS}) beyond
 * {@code comparedTo}; {@code detail} says it in words.
 */
public record Suspicion(
    String transactionId,
    String reason,
    String customerId,
    LocalDate transactionDate,
    LocalTime transactionTime,
    double amountInr,
    double observed,
    double comparedTo,
    String detail) {

  /** amount &gt; the account balance on the same row: observed amount, compared to the balance. */
  public static final String AMOUNT_EXCEEDS_BALANCE = "amount_exceeds_balance";

  /**
   * amount &gt; k × median of the customer's other transactions: observed amount, compared to k ×
   * median.
   */
  public static final String CUSTOMER_OUTLIER = "customer_outlier";

  /**
   * robust z of ln(1 + amount) within the location &gt; threshold: observed z, compared to the
   * threshold.
   */
  public static final String LOCATION_OUTLIER = "location_outlier";

  /**
   * part of ≥ N transactions of one customer within W minutes on one day: observed count, compared
   * to N.
   */
  public static final String BURST = "burst";

  /**
   * age at the transaction below the minimum or above the maximum: observed age, compared to the
   * bound.
   */
  public static final String IMPLAUSIBLE_AGE = "implausible_age";

  /** The reason codes (a contract), in the order the README lists them. */
  public static final List<String> REASONS =
      List.of(AMOUNT_EXCEEDS_BALANCE, CUSTOMER_OUTLIER, LOCATION_OUTLIER, BURST, IMPLAUSIBLE_AGE);

  /** {@code suspicious_transactions/}: one row per (transaction, reason). */
  public static final Schema SCHEMA =
      SchemaBuilder.record("suspicious_transaction")
          .namespace("dev.etl.bank")
          .fields()
          .requiredString("transaction_id")
          .requiredString("reason")
          .requiredString("customer_id")
          .name("transaction_date")
          .type(BankTables.DATE)
          .noDefault()
          .requiredString("transaction_time")
          .requiredDouble("amount_inr")
          .requiredDouble("observed")
          .requiredDouble("compared_to")
          .requiredString("detail")
          .endRecord();

  public GenericRecord toRecord() {
    GenericData.Record r = new GenericData.Record(SCHEMA);
    r.put(0, transactionId);
    r.put(1, reason);
    r.put(2, customerId);
    r.put(3, (int) transactionDate.toEpochDay());
    r.put(4, BankTables.timeOfDay(transactionTime));
    r.put(5, amountInr);
    r.put(6, observed);
    r.put(7, comparedTo);
    r.put(8, detail);
    return r;
  }

  /** Compact and deterministic: suspicions cross no shuffle but may be persisted by the runner. */
  public static final class SuspicionCoder extends BlockCoder<Suspicion> {
    private static final SuspicionCoder INSTANCE = new SuspicionCoder();

    public static SuspicionCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(Suspicion s, Encoder out) throws IOException {
      out.writeString(s.transactionId);
      out.writeString(s.reason);
      out.writeString(s.customerId);
      out.writeLong(s.transactionDate.toEpochDay());
      out.writeInt(s.transactionTime.toSecondOfDay());
      out.writeDouble(s.amountInr);
      out.writeDouble(s.observed);
      out.writeDouble(s.comparedTo);
      out.writeString(s.detail);
    }

    @Override
    protected Suspicion read(Decoder in) throws IOException {
      return new Suspicion(
          in.readString(),
          in.readString(),
          in.readString(),
          LocalDate.ofEpochDay(in.readLong()),
          LocalTime.ofSecondOfDay(in.readInt()),
          in.readDouble(),
          in.readDouble(),
          in.readDouble(),
          in.readString());
    }
  }
}
