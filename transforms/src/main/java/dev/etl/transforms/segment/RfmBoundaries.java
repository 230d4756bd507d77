package dev.etl.transforms.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.LocalDate;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * What RFM scoring compares against, computed over all customers: the reference date (the last
 * transaction date in the data; recency is counted from it, null when there are no customers) and
 * the quintile bounds of recency (days), frequency (transactions) and monetary (total amount in
 * paise, rounded up to three significant digits, see {@link SegmentCustomers#monetaryKey}).
 */
public record RfmBoundaries(
    LocalDate referenceDate,
    long customers,
    Quintiles recencyDays,
    Quintiles frequency,
    Quintiles monetaryPaise)
    implements Serializable {

  /** Recent is good: the most recent quintile of recency scores 5. */
  public int recencyScore(long recencyDays) {
    return 6 - this.recencyDays.quintileOf(recencyDays);
  }

  public int frequencyScore(long transactions) {
    return frequency.quintileOf(transactions);
  }

  public int monetaryScore(long monetaryPaise) {
    return this.monetaryPaise.quintileOf(monetaryPaise);
  }

  /** Deterministic: the reference date as an epoch day, the bounds as longs. */
  public static final class BoundariesCoder extends AtomicCoder<RfmBoundaries> {
    private static final BoundariesCoder INSTANCE = new BoundariesCoder();
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Long> NULLABLE_LONG = NullableCoder.of(VarLongCoder.of());

    public static BoundariesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(RfmBoundaries b, OutputStream out) throws IOException {
      NULLABLE_LONG.encode(b.referenceDate == null ? null : b.referenceDate.toEpochDay(), out);
      LONG.encode(b.customers, out);
      for (Quintiles q : new Quintiles[] {b.recencyDays, b.frequency, b.monetaryPaise}) {
        LONG.encode(q.q1Max(), out);
        LONG.encode(q.q2Max(), out);
        LONG.encode(q.q3Max(), out);
        LONG.encode(q.q4Max(), out);
      }
    }

    @Override
    public RfmBoundaries decode(InputStream in) throws IOException {
      Long reference = NULLABLE_LONG.decode(in);
      long customers = LONG.decode(in);
      return new RfmBoundaries(
          reference == null ? null : LocalDate.ofEpochDay(reference),
          customers,
          quintiles(in),
          quintiles(in),
          quintiles(in));
    }

    private static Quintiles quintiles(InputStream in) throws IOException {
      return new Quintiles(LONG.decode(in), LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }
  }
}
