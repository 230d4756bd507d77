package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SortedMapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * {@code location_outlier}: the robust z-score of ln(1 + amount) within the transaction's location
 * ({@link LocationStats}) is above {@code threshold}. Locations with fewer than {@code
 * minTransactions} or no spread (MAD 0) are not scored; a blank location is no hit.
 *
 * <p>Two passes: amounts are counted per location and bundle (a histogram in paise, so only one
 * small map per location and bundle is shuffled), merged into exact stats per location, then
 * broadcast (one entry per location) to score every transaction. Batch-only: the per-bundle
 * histograms are emitted at the end of the global window.
 */
public final class LocationOutlier
    extends PTransform<PCollection<BankTransaction>, PCollection<Suspicion>> {
  public static final double DEFAULT_THRESHOLD = 3.5;
  public static final int DEFAULT_MIN_TRANSACTIONS = 30;

  private final double threshold;
  private final long minTransactions;

  public LocationOutlier(double threshold, long minTransactions) {
    if (!(threshold > 0) || minTransactions < 2) {
      throw new IllegalArgumentException(
          "threshold must be > 0 and minimum transactions >= 2, got "
              + threshold
              + ", "
              + minTransactions);
    }
    this.threshold = threshold;
    this.minTransactions = minTransactions;
  }

  @Override
  public PCollection<Suspicion> expand(PCollection<BankTransaction> transactions) {
    return transactions.apply(
        "ScoreAgainstStats",
        scoredAgainst(transactions.apply("ComputeLocationStats", statsByLocation())));
  }

  /**
   * The same rule against statistics computed elsewhere (by {@link #statsByLocation}), for a job
   * that also publishes them: one histogram shuffle instead of two.
   */
  public PTransform<PCollection<BankTransaction>, PCollection<Suspicion>> scoredAgainst(
      PCollection<KV<String, LocationStats>> statsByLocation) {
    return new PTransform<>() {
      @Override
      public PCollection<Suspicion> expand(PCollection<BankTransaction> transactions) {
        PCollectionView<Map<String, LocationStats>> stats =
            statsByLocation.apply("StatsByLocation", View.asMap());
        return transactions
            .apply(
                "ScoreAmounts",
                ParDo.of(new ScoreFn(stats, threshold, minTransactions)).withSideInputs(stats))
            .setCoder(Suspicion.SuspicionCoder.of());
      }
    };
  }

  /** Exact statistics per location, keyed by location (batch: see the class comment). */
  public static PTransform<PCollection<BankTransaction>, PCollection<KV<String, LocationStats>>>
      statsByLocation() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, LocationStats>> expand(PCollection<BankTransaction> in) {
        return in.apply("CountAmountsPerLocation", ParDo.of(new HistogramFn()))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(), SortedMapCoder.of(VarLongCoder.of(), VarLongCoder.of())))
            .apply("GroupLocations", GroupByKey.create())
            .apply("MergeHistograms", ParDo.of(new StatsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), LocationStats.StatsCoder.of()));
      }
    };
  }

  /**
   * The rule on one transaction against its location's statistics (null: none, or too few
   * transactions, or no spread): the batch and the streaming job both score with this.
   */
  static Suspicion score(
      BankTransaction t, LocationStats s, double threshold, long minTransactions) {
    if (s == null || s.transactions() < minTransactions || !(s.mad() > 0)) {
      return null;
    }
    double z = s.robustZ(t.amountInr());
    if (!(z > threshold)) {
      return null;
    }
    return Rules.hit(
        t,
        Suspicion.LOCATION_OUTLIER,
        z,
        threshold,
        "robust z "
            + Rules.decimal(z)
            + " > "
            + Rules.decimal(threshold)
            + " at "
            + t.location()
            + ": amount "
            + Rules.money(t.amountInr())
            + ", typical "
            + Rules.money(Math.expm1(s.median()))
            + " over "
            + s.transactions()
            + " transactions, outlier above "
            + Rules.money(s.amountAtZ(threshold)));
  }

  /** Transactions per (location, amount in paise), one map per location and bundle. */
  static final class HistogramFn extends DoFn<BankTransaction, KV<String, SortedMap<Long, Long>>> {
    private transient Map<String, Map<Long, Long>> histograms;

    @StartBundle
    public void start() {
      histograms = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element BankTransaction t) {
      if (t.location() != null) {
        histograms
            .computeIfAbsent(t.location(), l -> new HashMap<>())
            .merge(Math.round(t.amountInr() * 100), 1L, Long::sum);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      histograms.forEach(
          (location, h) ->
              c.output(
                  KV.<String, SortedMap<Long, Long>>of(location, new TreeMap<>(h)),
                  GlobalWindow.INSTANCE.maxTimestamp(),
                  GlobalWindow.INSTANCE));
    }
  }

  static final class StatsFn
      extends DoFn<KV<String, Iterable<SortedMap<Long, Long>>>, KV<String, LocationStats>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<SortedMap<Long, Long>>> location,
        OutputReceiver<KV<String, LocationStats>> out) {
      TreeMap<Long, Long> merged = new TreeMap<>();
      for (SortedMap<Long, Long> h : location.getValue()) {
        h.forEach((paise, count) -> merged.merge(paise, count, Long::sum));
      }
      out.output(KV.of(location.getKey(), LocationStats.fromHistogram(location.getKey(), merged)));
    }
  }

  /**
   * Looks locations up in a plain HashMap copy of the side input, made once per window and DoFn
   * instance (as {@code EnrichByKey} does): a map view's own lookup is far slower per element.
   */
  static final class ScoreFn extends DoFn<BankTransaction, Suspicion> {
    private final PCollectionView<Map<String, LocationStats>> stats;
    private final double threshold;
    private final long minTransactions;
    private transient BoundedWindow cachedWindow;
    private transient Map<String, LocationStats> cached;

    ScoreFn(
        PCollectionView<Map<String, LocationStats>> stats, double threshold, long minTransactions) {
      this.stats = stats;
      this.threshold = threshold;
      this.minTransactions = minTransactions;
    }

    @ProcessElement
    public void process(@Element BankTransaction t, ProcessContext c, BoundedWindow window) {
      if (t.location() == null) {
        return;
      }
      if (cached == null || !window.equals(cachedWindow)) {
        cached = new HashMap<>(c.sideInput(stats));
        cachedWindow = window;
      }
      Suspicion hit = score(t, cached.get(t.location()), threshold, minTransactions);
      if (hit != null) {
        c.output(hit);
      }
    }
  }
}
