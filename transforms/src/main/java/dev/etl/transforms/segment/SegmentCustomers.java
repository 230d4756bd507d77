package dev.etl.transforms.segment;

import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.StepResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SortedMapCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * RFM segmentation of customers: recency (days from the customer's last transaction to the last
 * transaction date in the data), frequency (transactions) and monetary (total amount), each scored
 * 1–5 by quintiles over all customers ({@link Quintiles}: ties at a bound take the lower quintile),
 * a named segment from the three scores ({@link #segmentOf}), and age, gender, location and balance
 * from the customer's profile.
 *
 * <p>The bounds come from exact histograms of the three measures, combined over all customers, so
 * they are the same on every runner (Beam's ApproximateQuantiles depends on how the runner splits
 * the data). Recency and frequency have few distinct values; monetary is histogrammed rounded up to
 * three significant digits ({@link #monetaryKey}), which keeps the histogram to a few thousand
 * entries; its bounds are then exact percentiles of the rounded totals.
 */
public final class SegmentCustomers
    extends PTransform<PCollection<CustomerProfile>, StepResult<CustomerSegment>> {
  public static final String CHAMPIONS = "champions";
  public static final String LOYAL = "loyal";
  public static final String AT_RISK = "at_risk";
  public static final String NEW = "new";
  public static final String POTENTIAL = "potential";
  public static final String HIBERNATING = "hibernating";

  /** The segment names, in the order {@link #segmentOf} tries them. */
  public static final List<String> SEGMENTS =
      List.of(CHAMPIONS, LOYAL, AT_RISK, NEW, POTENTIAL, HIBERNATING);

  public static final String UNKNOWN = "unknown";
  public static final List<String> AGE_BANDS =
      List.of("<25", "25-34", "35-44", "45-54", "55-64", "65+", UNKNOWN);
  public static final List<String> BALANCE_BANDS =
      List.of("<10k", "10k-100k", "100k-1M", "1M+", UNKNOWN);

  public static SegmentCustomers create() {
    return new SegmentCustomers();
  }

  /** The count label of a segment's customers: this prefix and the segment's name. */
  public static final String SEGMENT_COUNT = "segment:";

  /**
   * The scored customers, and as counts the customers per segment ({@link #SEGMENT_COUNT}) and the
   * bounds ({@link RfmBoundaries#asCounts}); nothing is rejected.
   */
  @Override
  public StepResult<CustomerSegment> expand(PCollection<CustomerProfile> customers) {
    PCollection<RfmBoundaries> boundaries =
        customers
            .apply("ComputeRfmBoundaries", Combine.globally(new BoundariesFn()))
            .setCoder(RfmBoundaries.BoundariesCoder.of());
    PCollectionView<RfmBoundaries> view = boundaries.apply("RfmBoundariesView", View.asSingleton());
    PCollection<CustomerSegment> segments =
        customers
            .apply("ScoreCustomers", ParDo.of(new ScoreFn(view)).withSideInputs(view))
            .setCoder(CustomerSegment.CustomerSegmentCoder.of());
    PCollection<KV<String, Long>> counts =
        PCollectionList.of(
                segments.apply(
                    "CountSegments",
                    CountLabels.perBundle(c -> List.of(SEGMENT_COUNT + c.segment()))))
            .and(
                boundaries
                    .apply(
                        "BoundariesAsCounts",
                        FlatMapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.longs()))
                            .via(RfmBoundaries::asCounts))
                    .setCoder(StepResult.COUNTS_CODER))
            .apply("CollectCounts", Flatten.pCollections());
    return StepResult.withoutRejects(segments, counts);
  }

  /**
   * The named segment, first rule that matches (r, f, m = recency, frequency, monetary score):
   * champions r≥4 f≥4 m≥4; loyal f≥4 r≥3; at_risk r≤2 and (f≥4 or m≥4); new r≥4 f≤2; potential r≥3;
   * hibernating everything else (r≤2, f≤3, m≤3).
   */
  public static String segmentOf(int r, int f, int m) {
    if (r >= 4 && f >= 4 && m >= 4) return CHAMPIONS;
    if (f >= 4 && r >= 3) return LOYAL;
    if (r <= 2 && (f >= 4 || m >= 4)) return AT_RISK;
    if (r >= 4 && f <= 2) return NEW;
    if (r >= 3) return POTENTIAL;
    return HIBERNATING;
  }

  /** Age in whole years (at the last transaction) to its band; null is "unknown". */
  public static String ageBand(Integer age) {
    if (age == null) return UNKNOWN;
    if (age < 25) return "<25";
    if (age < 35) return "25-34";
    if (age < 45) return "35-44";
    if (age < 55) return "45-54";
    if (age < 65) return "55-64";
    return "65+";
  }

  /** Latest known balance (INR) to its band; null is "unknown", negative balances are "<10k". */
  public static String balanceBand(Double balance) {
    if (balance == null) return UNKNOWN;
    if (balance < 10_000) return "<10k";
    if (balance < 100_000) return "10k-100k";
    if (balance < 1_000_000) return "100k-1M";
    return "1M+";
  }

  /** Total amount in paise (amounts have two decimals; rounding removes summation noise). */
  static long paise(double amountInr) {
    return Math.round(amountInr * 100);
  }

  /** Paise rounded up to three significant digits: the monetary histogram's key. */
  static long monetaryKey(long paise) {
    if (paise < 1000) {
      return paise;
    }
    long scale = 1;
    while (paise / scale >= 1000) {
      scale *= 10;
    }
    return (paise + scale - 1) / scale * scale;
  }

  public static CustomerSegment score(CustomerProfile c, RfmBoundaries b) {
    int recency = (int) (b.referenceDate().toEpochDay() - c.lastTransactionDate().toEpochDay());
    long paise = paise(c.totalAmountInr());
    int r = b.recencyScore(recency);
    int f = b.frequencyScore(c.transactionCount());
    int m = b.monetaryScore(paise);
    return new CustomerSegment(
        c.customerId(),
        recency,
        c.transactionCount(),
        paise / 100.0,
        r,
        f,
        m,
        segmentOf(r, f, m),
        ageBand(c.ageAtLastTransaction()),
        c.gender(),
        c.location(),
        balanceBand(c.accountBalance()));
  }

  /**
   * Reads the bounds once per window and DoFn instance: some runners rebuild a view's value per
   * lookup.
   */
  static final class ScoreFn extends DoFn<CustomerProfile, CustomerSegment> {
    private final PCollectionView<RfmBoundaries> boundaries;
    private transient BoundedWindow cachedWindow;
    private transient RfmBoundaries cached;

    ScoreFn(PCollectionView<RfmBoundaries> boundaries) {
      this.boundaries = boundaries;
    }

    @ProcessElement
    public void process(@Element CustomerProfile c, ProcessContext context, BoundedWindow window) {
      if (cached == null || !window.equals(cachedWindow)) {
        cached = context.sideInput(boundaries);
        cachedWindow = window;
      }
      context.output(score(c, cached));
    }
  }

  /** Exact histograms of last transaction day, frequency and monetary key. */
  static final class Histograms {
    final TreeMap<Long, Long> lastDay = new TreeMap<>();
    final TreeMap<Long, Long> frequency = new TreeMap<>();
    final TreeMap<Long, Long> monetary = new TreeMap<>();

    void add(CustomerProfile c) {
      lastDay.merge(c.lastTransactionDate().toEpochDay(), 1L, Long::sum);
      frequency.merge(c.transactionCount(), 1L, Long::sum);
      monetary.merge(monetaryKey(paise(c.totalAmountInr())), 1L, Long::sum);
    }

    void merge(Histograms o) {
      o.lastDay.forEach((k, v) -> lastDay.merge(k, v, Long::sum));
      o.frequency.forEach((k, v) -> frequency.merge(k, v, Long::sum));
      o.monetary.forEach((k, v) -> monetary.merge(k, v, Long::sum));
    }

    RfmBoundaries boundaries() {
      long customers = frequency.values().stream().mapToLong(Long::longValue).sum();
      if (customers == 0) {
        Quintiles none = Quintiles.fromHistogram(new TreeMap<>());
        return new RfmBoundaries(null, 0, none, none, none);
      }
      long reference = lastDay.lastKey();
      TreeMap<Long, Long> recency = new TreeMap<>();
      lastDay.forEach((day, n) -> recency.put(reference - day, n));
      return new RfmBoundaries(
          LocalDate.ofEpochDay(reference),
          customers,
          Quintiles.fromHistogram(recency),
          Quintiles.fromHistogram(frequency),
          Quintiles.fromHistogram(monetary));
    }
  }

  static final class BoundariesFn
      extends Combine.CombineFn<CustomerProfile, Histograms, RfmBoundaries> {
    @Override
    public Histograms createAccumulator() {
      return new Histograms();
    }

    @Override
    public Histograms addInput(Histograms acc, CustomerProfile c) {
      acc.add(c);
      return acc;
    }

    @Override
    public Histograms mergeAccumulators(Iterable<Histograms> accs) {
      Histograms merged = new Histograms();
      accs.forEach(merged::merge);
      return merged;
    }

    @Override
    public RfmBoundaries extractOutput(Histograms acc) {
      return acc.boundaries();
    }

    @Override
    public Coder<Histograms> getAccumulatorCoder(
        CoderRegistry registry, Coder<CustomerProfile> inputCoder) {
      return new HistogramsCoder();
    }

    @Override
    public Coder<RfmBoundaries> getDefaultOutputCoder(
        CoderRegistry registry, Coder<CustomerProfile> inputCoder) {
      return RfmBoundaries.BoundariesCoder.of();
    }
  }

  static final class HistogramsCoder extends AtomicCoder<Histograms> {
    private static final Coder<java.util.SortedMap<Long, Long>> MAP =
        SortedMapCoder.of(VarLongCoder.of(), VarLongCoder.of());

    @Override
    public void encode(Histograms h, OutputStream out) throws IOException {
      MAP.encode(h.lastDay, out);
      MAP.encode(h.frequency, out);
      MAP.encode(h.monetary, out);
    }

    @Override
    public Histograms decode(InputStream in) throws IOException {
      Histograms h = new Histograms();
      h.lastDay.putAll(MAP.decode(in));
      h.frequency.putAll(MAP.decode(in));
      h.monetary.putAll(MAP.decode(in));
      return h;
    }
  }
}
