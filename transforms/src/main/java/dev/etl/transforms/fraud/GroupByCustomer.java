package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.KeyBuckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
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
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
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
    extends PTransform<PCollection<BankTransaction>, GroupByCustomer.Result> {
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

  /** One profile per customer, and the rules' hits. */
  public record Result(PCollection<CustomerProfile> profiles, PCollection<Suspicion> suspicious)
      implements POutput {
    @Override
    public Pipeline getPipeline() {
      return profiles.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(new TupleTag<>("profiles"), profiles, new TupleTag<>("suspicious"), suspicious);
    }

    @Override
    public void finishSpecifyingOutput(String name, PInput input, PTransform<?, ?> transform) {}
  }

  @Override
  public Result expand(PCollection<BankTransaction> transactions) {
    int bucketCount = buckets;
    TupleTag<CustomerProfile> profileTag = new TupleTag<>() {};
    TupleTag<Suspicion> suspiciousTag = new TupleTag<>() {};
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
                ParDo.of(new ProfileAndCheckFn(rules, profileTag, suspiciousTag))
                    .withOutputTags(profileTag, TupleTagList.of(suspiciousTag)));
    return new Result(
        out.get(profileTag).setCoder(CustomerProfile.ProfileCoder.of()),
        out.get(suspiciousTag).setCoder(Suspicion.SuspicionCoder.of()));
  }

  static final class ProfileAndCheckFn
      extends DoFn<KV<Integer, Iterable<BankTransaction>>, CustomerProfile> {
    private final List<CustomerRule> rules;
    private final TupleTag<CustomerProfile> profileTag;
    private final TupleTag<Suspicion> suspiciousTag;

    ProfileAndCheckFn(
        List<CustomerRule> rules,
        TupleTag<CustomerProfile> profileTag,
        TupleTag<Suspicion> suspiciousTag) {
      this.rules = rules;
      this.profileTag = profileTag;
      this.suspiciousTag = suspiciousTag;
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
        out.get(profileTag).output(CustomerProfile.of(transactions));
        transactions.sort(BankTransaction.CHRONOLOGICAL);
        for (CustomerRule rule : rules) {
          rule.check(transactions, hits);
        }
        hits.forEach(out.get(suspiciousTag)::output);
        hits.clear();
      }
    }
  }
}
