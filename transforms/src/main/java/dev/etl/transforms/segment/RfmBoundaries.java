package dev.etl.transforms.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;

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

  private static final List<String> MEASURES = List.of("recency_days", "frequency", "monetary");
  private static final List<String> BOUNDS = List.of("q1_max", "q2_max", "q3_max", "q4_max");

  /**
   * The bounds as (label, count) pairs for a run's summary, the only numbers it carries: the
   * reference date as an epoch day, monetary in paise. None when there are no customers.
   */
  public List<KV<String, Long>> asCounts() {
    List<KV<String, Long>> counts = new ArrayList<>();
    if (referenceDate == null) {
      return counts;
    }
    counts.add(KV.of(REFERENCE_DAY, referenceDate.toEpochDay()));
    Quintiles[] byMeasure = {recencyDays, frequency, monetaryPaise};
    for (int m = 0; m < MEASURES.size(); m++) {
      long[] bounds = {
        byMeasure[m].q1Max(), byMeasure[m].q2Max(), byMeasure[m].q3Max(), byMeasure[m].q4Max()
      };
      for (int b = 0; b < BOUNDS.size(); b++) {
        counts.add(KV.of(boundLabel(MEASURES.get(m), BOUNDS.get(b)), bounds[b]));
      }
    }
    return counts;
  }

  /**
   * The summary's {@code rfm_reference_date} and {@code rfm_boundaries} ({measure: {q1_max ..
   * q4_max}}, monetary in rupees) from the summed {@link #asCounts} ({@code count} gives 0 for an
   * absent label; {@code anyCustomers} false: no reference date).
   */
  public static Map<String, Object> summary(ToLongFunction<String> count, boolean anyCustomers) {
    Map<String, Object> boundaries = new LinkedHashMap<>();
    for (String measure : MEASURES) {
      Map<String, Object> bounds = new LinkedHashMap<>();
      for (String bound : BOUNDS) {
        long value = count.applyAsLong(boundLabel(measure, bound));
        bounds.put(bound, measure.equals("monetary") ? (Object) (value / 100.0) : (Object) value);
      }
      boundaries.put(measure, bounds);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(
        "rfm_reference_date",
        anyCustomers ? LocalDate.ofEpochDay(count.applyAsLong(REFERENCE_DAY)).toString() : null);
    summary.put("rfm_boundaries", boundaries);
    return summary;
  }

  private static final String REFERENCE_DAY = "rfm_reference_day";

  private static String boundLabel(String measure, String bound) {
    return "rfm_boundary:"
        + (measure.equals("monetary") ? "monetary_paise" : measure)
        + ":"
        + bound;
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
