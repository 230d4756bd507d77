package dev.etl.transforms.bank;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

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
  public static final class ProfileCoder extends BlockCoder<CustomerProfile> {
    private static final ProfileCoder INSTANCE = new ProfileCoder();

    public static ProfileCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(CustomerProfile c, Encoder out) throws IOException {
      out.writeString(c.customerId);
      writeNullableLong(out, c.customerDob == null ? null : c.customerDob.toEpochDay());
      writeNullableString(out, c.gender);
      writeNullableString(out, c.location);
      writeNullableDouble(out, c.accountBalance);
      out.writeLong(c.firstTransactionDate.toEpochDay());
      out.writeLong(c.lastTransactionDate.toEpochDay());
      out.writeLong(c.transactionCount);
      out.writeDouble(c.totalAmountInr);
      writeNullableInt(out, c.ageAtLastTransaction);
    }

    @Override
    protected CustomerProfile read(Decoder in) throws IOException {
      String id = in.readString();
      Long dob = readNullableLong(in);
      return new CustomerProfile(
          id,
          dob == null ? null : LocalDate.ofEpochDay(dob),
          readNullableString(in),
          readNullableString(in),
          readNullableDouble(in),
          LocalDate.ofEpochDay(in.readLong()),
          LocalDate.ofEpochDay(in.readLong()),
          in.readLong(),
          in.readDouble(),
          readNullableInt(in));
    }
  }
}
