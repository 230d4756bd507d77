package dev.etl.transforms.fraud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The typical amount of a location, on the log scale: {@code median} and {@code mad} (median
 * absolute deviation) of ln(1 + amount) over its {@code transactions}. Amounts are log-normal, so
 * on the raw scale the long right tail alone would make a large share of all transactions
 * "outliers". Medians are exact (the mean of the two middle values for an even count).
 */
public record LocationStats(String location, long transactions, double median, double mad)
    implements Serializable {

  /**
   * {@code location_stats/}: one row per location, the statistics {@code location_outlier} scores
   * against (the streaming job reads them back: same doubles, same verdicts).
   */
  public static final Schema SCHEMA =
      SchemaBuilder.record("location_stats")
          .namespace("dev.etl.bank")
          .fields()
          .requiredString("location")
          .requiredLong("transactions")
          .requiredDouble("median_ln_amount")
          .requiredDouble("mad_ln_amount")
          .endRecord();

  public GenericRecord toRecord() {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("location", location);
    r.put("transactions", transactions);
    r.put("median_ln_amount", median);
    r.put("mad_ln_amount", mad);
    return r;
  }

  public static LocationStats fromRecord(GenericRecord r) {
    return new LocationStats(
        r.get("location").toString(),
        (Long) r.get("transactions"),
        (Double) r.get("median_ln_amount"),
        (Double) r.get("mad_ln_amount"));
  }

  /**
   * Robust z of an amount: 0.6745 × (ln(1 + amount) − median) / MAD (0.6745 makes MAD comparable to
   * a standard deviation).
   */
  public double robustZ(double amountInr) {
    return 0.6745 * (Math.log1p(amountInr) - median) / mad;
  }

  /** The smallest amount whose robust z exceeds {@code threshold}: the location's limit in INR. */
  public double amountAtZ(double threshold) {
    return Math.expm1(median + threshold * mad / 0.6745);
  }

  /** From a histogram of amounts in paise (amounts have at most two decimals, so this is exact). */
  public static LocationStats fromHistogram(
      String location, NavigableMap<Long, Long> transactionsByPaise) {
    long n = 0;
    for (long count : transactionsByPaise.values()) {
      n += count;
    }
    List<double[]> logs =
        new ArrayList<>(transactionsByPaise.size()); // {ln(1 + amount), count}, ascending
    for (Map.Entry<Long, Long> e : transactionsByPaise.entrySet()) {
      logs.add(new double[] {Math.log1p(e.getKey() / 100.0), e.getValue()});
    }
    double median = median(logs, n);
    List<double[]> deviations = new ArrayList<>(logs.size());
    for (double[] v : logs) {
      deviations.add(new double[] {Math.abs(v[0] - median), v[1]});
    }
    deviations.sort((a, b) -> Double.compare(a[0], b[0]));
    return new LocationStats(location, n, median, median(deviations, n));
  }

  /** The median of a sorted list of {value, count}; 0 for none. */
  private static double median(List<double[]> sorted, long n) {
    if (n == 0) {
      return 0;
    }
    return (valueAtRank(sorted, (n - 1) / 2) + valueAtRank(sorted, n / 2)) / 2;
  }

  private static double valueAtRank(List<double[]> sorted, long rank) {
    long seen = 0;
    for (double[] v : sorted) {
      seen += (long) v[1];
      if (seen > rank) {
        return v[0];
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + seen);
  }

  /** Deterministic: the doubles as their exact bits. */
  public static final class StatsCoder extends AtomicCoder<LocationStats> {
    private static final StatsCoder INSTANCE = new StatsCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Double> DOUBLE = DoubleCoder.of();

    public static StatsCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(LocationStats s, OutputStream out) throws IOException {
      STRING.encode(s.location, out);
      LONG.encode(s.transactions, out);
      DOUBLE.encode(s.median, out);
      DOUBLE.encode(s.mad, out);
    }

    @Override
    public LocationStats decode(InputStream in) throws IOException {
      return new LocationStats(
          STRING.decode(in), LONG.decode(in), DOUBLE.decode(in), DOUBLE.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
