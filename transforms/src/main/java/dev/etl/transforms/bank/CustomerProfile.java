package dev.etl.transforms.bank;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One customer: the latest known attributes (each from the latest transaction that has a value for
 * it; "latest" orders by date, time, then transaction id), the activity range and totals, and the
 * age in whole years at the last transaction (null when the birth date is unknown).
 */
public record CustomerProfile(
    String customerId,
    LocalDate customerDob,
    String gender,
    String location,
    Double accountBalance,
    LocalDate firstTransactionDate,
    LocalDate lastTransactionDate,
    long transactionCount,
    double totalAmountInr,
    Integer ageAtLastTransaction)
    implements java.io.Serializable {

  /** The profile of one customer's transactions (at least one), whatever their order. */
  public static CustomerProfile of(Iterable<BankTransaction> transactions) {
    long count = 0;
    // exact decimal sum: a double sum depends on the order of additions, which differs by runner
    BigDecimal total = BigDecimal.ZERO;
    BankTransaction first = null;
    BankTransaction last = null;
    BankTransaction withDob = null;
    BankTransaction withGender = null;
    BankTransaction withLocation = null;
    BankTransaction withBalance = null;
    for (BankTransaction t : transactions) {
      count++;
      total = total.add(BigDecimal.valueOf(t.amountInr()));
      first = first == null || BankTransaction.CHRONOLOGICAL.compare(t, first) < 0 ? t : first;
      last = later(last, t);
      if (t.customerDob() != null) withDob = later(withDob, t);
      if (t.gender() != null) withGender = later(withGender, t);
      if (t.location() != null) withLocation = later(withLocation, t);
      if (t.accountBalance() != null) withBalance = later(withBalance, t);
    }
    if (last == null) {
      throw new IllegalArgumentException("a profile needs at least one transaction");
    }
    LocalDate dob = withDob == null ? null : withDob.customerDob();
    return new CustomerProfile(
        last.customerId(),
        dob,
        withGender == null ? null : withGender.gender(),
        withLocation == null ? null : withLocation.location(),
        withBalance == null ? null : withBalance.accountBalance(),
        first.transactionDate(),
        last.transactionDate(),
        count,
        total.doubleValue(),
        dob == null ? null : Period.between(dob, last.transactionDate()).getYears());
  }

  private static BankTransaction later(BankTransaction a, BankTransaction b) {
    if (a == null) return b;
    return BankTransaction.CHRONOLOGICAL.compare(a, b) >= 0 ? a : b;
  }

  /**
   * Deterministic and compact (dates as epoch days); the Dataset-based Spark runner needs a real
   * coder.
   */
  public static final class ProfileCoder extends AtomicCoder<CustomerProfile> {
    private static final ProfileCoder INSTANCE = new ProfileCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Long> NULLABLE_LONG = NullableCoder.of(VarLongCoder.of());
    private static final Coder<Integer> NULLABLE_INT = NullableCoder.of(VarIntCoder.of());
    private static final Coder<Double> DOUBLE = DoubleCoder.of();
    private static final Coder<Double> NULLABLE_DOUBLE = NullableCoder.of(DoubleCoder.of());

    public static ProfileCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CustomerProfile c, OutputStream out) throws IOException {
      STRING.encode(c.customerId, out);
      NULLABLE_LONG.encode(c.customerDob == null ? null : c.customerDob.toEpochDay(), out);
      NULLABLE_STRING.encode(c.gender, out);
      NULLABLE_STRING.encode(c.location, out);
      NULLABLE_DOUBLE.encode(c.accountBalance, out);
      LONG.encode(c.firstTransactionDate.toEpochDay(), out);
      LONG.encode(c.lastTransactionDate.toEpochDay(), out);
      LONG.encode(c.transactionCount, out);
      DOUBLE.encode(c.totalAmountInr, out);
      NULLABLE_INT.encode(c.ageAtLastTransaction, out);
    }

    @Override
    public CustomerProfile decode(InputStream in) throws IOException {
      String id = STRING.decode(in);
      Long dob = NULLABLE_LONG.decode(in);
      return new CustomerProfile(
          id,
          dob == null ? null : LocalDate.ofEpochDay(dob),
          NULLABLE_STRING.decode(in),
          NULLABLE_STRING.decode(in),
          NULLABLE_DOUBLE.decode(in),
          LocalDate.ofEpochDay(LONG.decode(in)),
          LocalDate.ofEpochDay(LONG.decode(in)),
          LONG.decode(in),
          DOUBLE.decode(in),
          NULLABLE_INT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
