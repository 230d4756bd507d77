package dev.etl.pipelines.bank;

import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.DedupAgainstPublished;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.fraud.GroupByCustomer;
import dev.etl.transforms.fraud.LocationOutlier;
import dev.etl.transforms.fraud.LocationStats;
import dev.etl.transforms.fraud.Suspicion;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The incremental bank run's graph: new lines are deduplicated against the published transactions
 * (exactly, through the state that keeps each published row with its source line), and the derived
 * tables are recomputed from what is published plus the new clean rows, never from old raw files:
 *
 * <ul>
 *   <li>{@code customers}: the customers the new rows touch are profiled again from their published
 *       and new transactions; every other published row is kept as it is.
 *   <li>{@code customer_segments}: scored again for every customer (the quintile boundaries are
 *       global and move with any customer).
 *   <li>{@code suspicious_transactions}: the single-transaction rules run on the new rows only (the
 *       published hits stay); the per-customer rules run again for the touched customers (the
 *       others' hits stay); {@code location_outlier} scores every transaction, published and new,
 *       against the statistics of all of them (a location's median moves with every day).
 * </ul>
 *
 * So every table equals what one full run over all recorded lines publishes (see
 * docs/incremental.md for the one ordering condition of the deduplication).
 */
final class BankIncrement {
  /** The per-transaction rules: a published hit of these never changes. */
  static final Set<String> TRANSACTION_RULES =
      Set.of(Suspicion.AMOUNT_EXCEEDS_BALANCE, Suspicion.IMPLAUSIBLE_AGE);

  /** The per-customer rules: re-run for the customers with new transactions. */
  static final Set<String> CUSTOMER_RULES = Set.of(Suspicion.CUSTOMER_OUTLIER, Suspicion.BURST);

  static {
    Set<String> all = new HashSet<>(TRANSACTION_RULES);
    all.addAll(CUSTOMER_RULES);
    all.add(Suspicion.LOCATION_OUTLIER);
    if (!all.equals(Set.copyOf(Suspicion.REASONS))) {
      throw new IllegalStateException(
          "a new fraud rule needs its incremental semantics in BankIncrement: "
              + Suspicion.REASONS);
    }
  }

  private final Pipeline pipeline;
  private final String root;
  private final PCollection<Parsed<BankTransaction>> state;

  private BankIncrement(Pipeline pipeline, String root) {
    this.pipeline = pipeline;
    this.root = root;
    this.state = pipeline.apply("ReadPublishedTransactions", PublishedBank.stateTransactions(root));
  }

  static BankIncrement over(Pipeline pipeline, String root) {
    return new BankIncrement(pipeline, root);
  }

  /** New records against each other and against the published ones with the same ids. */
  PTransform<PCollection<Parsed<BankTransaction>>, StepResult<Parsed<BankTransaction>>> dedup(
      int buckets) {
    return new PTransform<>() {
      @Override
      public StepResult<Parsed<BankTransaction>> expand(
          PCollection<Parsed<BankTransaction>> fresh) {
        PCollectionView<List<String>> newIds =
            fresh
                .apply(
                    "NewTransactionIds",
                    MapElements.into(TypeDescriptors.strings()).via(p -> p.value().transactionId()))
                .apply("NewTransactionIdsView", View.asList());
        PCollection<Parsed<BankTransaction>> sameIds =
            state
                .apply(
                    "PublishedWithNewIds",
                    ParDo.of(
                            new KeysInFn<Parsed<BankTransaction>>(
                                newIds, p -> p.value().transactionId(), true))
                        .withSideInputs(newIds))
                .setCoder(state.getCoder());
        return fresh.apply(
            "DedupAgainstPublished",
            DedupAgainstPublished.of(
                "transaction_id", BankTransaction::transactionId, buckets, sameIds));
      }
    };
  }

  /** The derived tables over published plus new rows. */
  BankPipeline.Derived derive(PCollection<BankTransaction> clean, BankOptions options) {
    PCollectionView<List<String>> touched =
        clean
            .apply(
                "TouchedCustomerIds",
                MapElements.into(TypeDescriptors.strings()).via(BankTransaction::customerId))
            .apply("DistinctTouchedCustomers", Distinct.create())
            .apply("TouchedCustomersView", View.asList());
    PCollection<BankTransaction> published = state.apply("DropPublishedSources", Parsed.values());
    PCollection<BankTransaction> touchedHistory =
        published
            .apply(
                "PublishedOfTouchedCustomers",
                ParDo.of(new KeysInFn<BankTransaction>(touched, BankTransaction::customerId, true))
                    .withSideInputs(touched))
            .setCoder(BankTransaction.TransactionCoder.of());
    PCollectionTuple byCustomer =
        PCollectionList.of(touchedHistory)
            .and(clean)
            .apply("TouchedCustomersTransactions", Flatten.pCollections())
            .apply(
                "GroupByCustomer",
                GroupByCustomer.withRules(BankPipeline.customerRules(options))
                    .withBuckets(options.getBuckets()));

    PCollection<CustomerProfile> untouched =
        pipeline
            .apply("ReadPublishedCustomers", PublishedBank.customers(root))
            .apply(
                "KeepUntouchedCustomers",
                ParDo.of(new KeysInFn<CustomerProfile>(touched, CustomerProfile::customerId, false))
                    .withSideInputs(touched))
            .setCoder(CustomerProfile.ProfileCoder.of());
    PCollection<CustomerProfile> customers =
        PCollectionList.of(untouched)
            .and(byCustomer.get(GroupByCustomer.PROFILES))
            .apply("CollectCustomers", Flatten.pCollections());

    PCollection<Suspicion> keptHits =
        pipeline
            .apply("ReadPublishedSuspicious", PublishedBank.suspicious(root))
            .apply(
                "KeepStillValidHits",
                ParDo.of(new StillValidHitFn(touched)).withSideInputs(touched))
            .setCoder(Suspicion.SuspicionCoder.of());
    PCollection<BankTransaction> all =
        PCollectionList.of(published).and(clean).apply("AllTransactions", Flatten.pCollections());
    PCollection<KV<String, LocationStats>> locationStats =
        all.apply("ComputeLocationStats", LocationOutlier.statsByLocation());
    PCollection<Suspicion> suspicious =
        PCollectionList.of(keptHits)
            .and(clean.apply("FlagTransactions", BankPipeline.transactionRules(options)))
            .and(byCustomer.get(GroupByCustomer.SUSPICIOUS))
            .and(
                all.apply(
                    "FlagLocationOutliers",
                    BankPipeline.locationOutlier(options).scoredAgainst(locationStats)))
            .apply("CollectSuspicious", Flatten.pCollections());
    return new BankPipeline.Derived(customers, suspicious, locationStats);
  }

  /** A set made once per window and DoFn instance from a list side input (batch only). */
  abstract static class WithKeySet<I, O> extends DoFn<I, O> {
    private final PCollectionView<List<String>> keys;
    private transient BoundedWindow window;
    private transient Set<String> set;

    WithKeySet(PCollectionView<List<String>> keys) {
      this.keys = keys;
    }

    Set<String> keys(ProcessContext c, BoundedWindow current) {
      if (set == null || !current.equals(window)) {
        set = new HashSet<>(c.sideInput(keys));
        window = current;
      }
      return set;
    }
  }

  /** Keeps the elements whose key is ({@code in}) or is not in the side input. */
  static final class KeysInFn<T> extends WithKeySet<T, T> {
    private final SerializableFunction<T, String> keyFn;
    private final boolean in;

    KeysInFn(
        PCollectionView<List<String>> keys, SerializableFunction<T, String> keyFn, boolean in) {
      super(keys);
      this.keyFn = keyFn;
      this.in = in;
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) {
      if (keys(c, window).contains(keyFn.apply(c.element())) == in) {
        c.output(c.element());
      }
    }
  }

  /**
   * A published hit stays if no new row can change it: a single-transaction rule's always, a
   * customer rule's if the customer has no new transactions; location hits are all scored again.
   */
  static final class StillValidHitFn extends WithKeySet<Suspicion, Suspicion> {
    StillValidHitFn(PCollectionView<List<String>> touched) {
      super(touched);
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) {
      Suspicion hit = c.element();
      if (TRANSACTION_RULES.contains(hit.reason())
          || (CUSTOMER_RULES.contains(hit.reason())
              && !keys(c, window).contains(hit.customerId()))) {
        c.output(hit);
      }
    }
  }
}
