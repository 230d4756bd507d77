package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.core.DedupByKey;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Applies rules that need all transactions of a customer ({@link CustomerRule}) in one grouping:
 * transactions are grouped by a hash bucket of the customer id, then by customer in memory (runners
 * pay per group; see {@link DedupByKey}), and every rule runs on each customer's list. One shuffle
 * of the transactions serves all customer rules.
 */
public final class FlagByCustomer extends PTransform<PCollection<BankTransaction>, PCollection<Suspicion>> {
  /** Chronological: date, time, then transaction id (the order {@link CustomerRule} promises). */
  static final Comparator<BankTransaction> CHRONOLOGICAL =
      Comparator.comparing(BankTransaction::transactionDate)
          .thenComparing(BankTransaction::transactionTime)
          .thenComparing(BankTransaction::transactionId);

  private final List<CustomerRule> rules;
  private final int buckets;

  private FlagByCustomer(List<CustomerRule> rules, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.rules = List.copyOf(rules);
    this.buckets = buckets;
  }

  public static FlagByCustomer of(CustomerRule... rules) {
    return new FlagByCustomer(List.of(rules), DedupByKey.DEFAULT_BUCKETS);
  }

  public FlagByCustomer withBuckets(int buckets) {
    return new FlagByCustomer(rules, buckets);
  }

  @Override
  public PCollection<Suspicion> expand(PCollection<BankTransaction> transactions) {
    int bucketCount = buckets;
    return transactions
        .apply(
            "BucketByCustomer",
            WithKeys.of((BankTransaction t) -> DedupByKey.bucketOf(t.customerId(), bucketCount)).withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), BankTransaction.TransactionCoder.of()))
        .apply("GroupBuckets", GroupByKey.create())
        .apply("CheckEachCustomer", ParDo.of(new CheckFn(rules)))
        .setCoder(Suspicion.SuspicionCoder.of());
  }

  static final class CheckFn extends DoFn<KV<Integer, Iterable<BankTransaction>>, Suspicion> {
    private final List<CustomerRule> rules;

    CheckFn(List<CustomerRule> rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<BankTransaction>> bucket, OutputReceiver<Suspicion> out) {
      Map<String, List<BankTransaction>> byCustomer = new HashMap<>();
      for (BankTransaction t : bucket.getValue()) {
        byCustomer.computeIfAbsent(t.customerId(), id -> new ArrayList<>(2)).add(t);
      }
      List<Suspicion> hits = new ArrayList<>();
      for (List<BankTransaction> transactions : byCustomer.values()) {
        transactions.sort(CHRONOLOGICAL);
        for (CustomerRule rule : rules) {
          rule.check(transactions, hits);
        }
        hits.forEach(out::output);
        hits.clear();
      }
    }
  }
}
