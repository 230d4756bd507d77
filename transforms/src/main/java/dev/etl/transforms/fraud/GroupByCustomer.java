package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.KeyBuckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The customer table ({@link CustomerProfile}) and the rules that need all transactions of a
 * customer ({@link CustomerRule}) from one grouping of the transactions by customer (one shuffle of
 * all transactions serves both). Grouped by a bucket of the customer id, then by customer in
 * memory: runners pay per group (see {@link KeyBuckets}); each rule runs on the customer's
 * chronological list.
 */
public final class GroupByCustomer
    extends PTransform<PCollection<BankTransaction>, PCollectionTuple> {
  private final List<CustomerRule> rules;
  private final int buckets;

  private GroupByCustomer(List<CustomerRule> rules, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.rules = List.copyOf(rules);
    this.buckets = buckets;
  }

  public static GroupByCustomer withRules(CustomerRule... rules) {
    return new GroupByCustomer(List.of(rules), KeyBuckets.DEFAULT_BUCKETS);
  }

  public GroupByCustomer withBuckets(int buckets) {
    return new GroupByCustomer(rules, buckets);
  }

  /** The output holding one profile per customer. */
  public static final TupleTag<CustomerProfile> PROFILES = new TupleTag<>("profiles") {};

  /** The output holding the rules' hits. */
  public static final TupleTag<Suspicion> SUSPICIOUS = new TupleTag<>("suspicious") {};

  /** Two tables from one step: Beam's tuple, {@link #PROFILES} and {@link #SUSPICIOUS}. */
  @Override
  public PCollectionTuple expand(PCollection<BankTransaction> transactions) {
    int bucketCount = buckets;
    PCollectionTuple out =
        transactions
            .apply(
                "BucketByCustomer",
                WithKeys.of((BankTransaction t) -> KeyBuckets.bucketOf(t.customerId(), bucketCount))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), BankTransaction.TransactionCoder.of()))
            .apply("GroupBuckets", GroupByKey.create())
            .apply(
                "ProfileAndCheckEachCustomer",
                ParDo.of(new ProfileAndCheckFn(rules))
                    .withOutputTags(PROFILES, TupleTagList.of(SUSPICIOUS)));
    out.get(PROFILES).setCoder(CustomerProfile.ProfileCoder.of());
    out.get(SUSPICIOUS).setCoder(Suspicion.SuspicionCoder.of());
    return out;
  }

  static final class ProfileAndCheckFn
      extends DoFn<KV<Integer, Iterable<BankTransaction>>, CustomerProfile> {
    private final List<CustomerRule> rules;

    ProfileAndCheckFn(List<CustomerRule> rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<BankTransaction>> bucket, MultiOutputReceiver out) {
      Map<String, List<BankTransaction>> byCustomer = new HashMap<>();
      for (BankTransaction t : bucket.getValue()) {
        byCustomer.computeIfAbsent(t.customerId(), id -> new ArrayList<>(2)).add(t);
      }
      List<Suspicion> hits = new ArrayList<>();
      for (List<BankTransaction> transactions : byCustomer.values()) {
        out.get(PROFILES).output(CustomerProfile.of(transactions));
        transactions.sort(BankTransaction.CHRONOLOGICAL);
        for (CustomerRule rule : rules) {
          rule.check(transactions, hits);
        }
        hits.forEach(out.get(SUSPICIOUS)::output);
        hits.clear();
      }
    }
  }
}
