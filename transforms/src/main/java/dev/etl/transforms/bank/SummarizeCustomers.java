package dev.etl.transforms.bank;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.Period;
import java.util.Comparator;
import dev.etl.transforms.core.DedupByKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;

/**
 * One {@link CustomerProfile} per customer id, with a combiner so partial results are merged
 * before the shuffle and no customer's transactions are materialised together.
 *
 * <p>The combine is keyed by a bucket of the customer id (its accumulator holds the running state
 * of every customer in the bucket), not by the id itself: runners pay per key, and the direct
 * runner makes each key its own bundle (see {@link dev.etl.transforms.core.DedupByKey}).
 */
public class SummarizeCustomers extends PTransform<PCollection<BankTransaction>, PCollection<CustomerProfile>> {

  /** Later transactions sort last: by date, time, then transaction id. */
  static final Comparator<BankTransaction> CHRONOLOGICAL =
      Comparator.comparing(BankTransaction::transactionDate)
          .thenComparing(BankTransaction::transactionTime)
          .thenComparing(BankTransaction::transactionId);

  private final int buckets;

  public SummarizeCustomers() {
    this(DedupByKey.DEFAULT_BUCKETS);
  }

  public SummarizeCustomers(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.buckets = buckets;
  }

  @Override
  public PCollection<CustomerProfile> expand(PCollection<BankTransaction> transactions) {
    int bucketCount = buckets;
    return transactions
        .apply(
            "BucketByCustomer",
            WithKeys.of((BankTransaction t) -> DedupByKey.bucketOf(t.customerId(), bucketCount))
                .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), BankTransaction.TransactionCoder.of()))
        .apply("CombinePerCustomer", Combine.perKey(new BucketFn()))
        .apply("DropBuckets", Values.create())
        .apply("FlattenProfiles", Flatten.iterables())
        .setCoder(CustomerProfile.ProfileCoder.of());
  }

  /** Runs {@link ProfileFn} for every customer of a bucket. */
  static final class BucketFn extends Combine.CombineFn<BankTransaction, Map<String, Acc>, List<CustomerProfile>> {
    private final ProfileFn profiles = new ProfileFn();

    @Override
    public Map<String, Acc> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Acc> addInput(Map<String, Acc> accs, BankTransaction input) {
      accs.computeIfAbsent(input.customerId(), id -> new Acc()).add(input);
      return accs;
    }

    @Override
    public Map<String, Acc> mergeAccumulators(Iterable<Map<String, Acc>> all) {
      Map<String, Acc> merged = new HashMap<>();
      for (Map<String, Acc> accs : all) {
        accs.forEach((id, acc) -> merged.computeIfAbsent(id, k -> new Acc()).merge(acc));
      }
      return merged;
    }

    @Override
    public List<CustomerProfile> extractOutput(Map<String, Acc> accs) {
      List<CustomerProfile> out = new ArrayList<>(accs.size());
      accs.values().forEach(acc -> out.add(profiles.extractOutput(acc)));
      return out;
    }

    @Override
    public Coder<Map<String, Acc>> getAccumulatorCoder(CoderRegistry registry, Coder<BankTransaction> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), new AccCoder());
    }

    @Override
    public Coder<List<CustomerProfile>> getDefaultOutputCoder(CoderRegistry registry, Coder<BankTransaction> inputCoder) {
      return ListCoder.of(CustomerProfile.ProfileCoder.of());
    }
  }

  /** Running state for one customer; the latest transaction carrying each attribute. */
  static final class Acc {
    String customerId;
    long count;
    // exact decimal sum: a double sum depends on the order of additions, which differs by runner
    BigDecimal total = BigDecimal.ZERO;
    LocalDate first;
    LocalDate last;
    BankTransaction withDob;
    BankTransaction withGender;
    BankTransaction withLocation;
    BankTransaction withBalance;

    void add(BankTransaction t) {
      customerId = t.customerId();
      count++;
      total = total.add(BigDecimal.valueOf(t.amountInr()));
      first = first == null || t.transactionDate().isBefore(first) ? t.transactionDate() : first;
      last = last == null || t.transactionDate().isAfter(last) ? t.transactionDate() : last;
      if (t.customerDob() != null) withDob = later(withDob, t);
      if (t.gender() != null) withGender = later(withGender, t);
      if (t.location() != null) withLocation = later(withLocation, t);
      if (t.accountBalance() != null) withBalance = later(withBalance, t);
    }

    void merge(Acc o) {
      customerId = customerId == null ? o.customerId : customerId;
      count += o.count;
      total = total.add(o.total);
      if (o.first != null && (first == null || o.first.isBefore(first))) first = o.first;
      if (o.last != null && (last == null || o.last.isAfter(last))) last = o.last;
      withDob = later(withDob, o.withDob);
      withGender = later(withGender, o.withGender);
      withLocation = later(withLocation, o.withLocation);
      withBalance = later(withBalance, o.withBalance);
    }

    private static BankTransaction later(BankTransaction a, BankTransaction b) {
      if (a == null) return b;
      if (b == null) return a;
      return CHRONOLOGICAL.compare(a, b) >= 0 ? a : b;
    }
  }

  static final class ProfileFn extends Combine.CombineFn<BankTransaction, Acc, CustomerProfile> {
    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    @Override
    public Acc addInput(Acc acc, BankTransaction input) {
      acc.add(input);
      return acc;
    }

    @Override
    public Acc mergeAccumulators(Iterable<Acc> accs) {
      Acc merged = new Acc();
      for (Acc acc : accs) {
        merged.merge(acc);
      }
      return merged;
    }

    @Override
    public CustomerProfile extractOutput(Acc acc) {
      LocalDate dob = acc.withDob == null ? null : acc.withDob.customerDob();
      Integer age = dob == null ? null : Period.between(dob, acc.last).getYears();
      return new CustomerProfile(
          acc.customerId,
          dob,
          acc.withGender == null ? null : acc.withGender.gender(),
          acc.withLocation == null ? null : acc.withLocation.location(),
          acc.withBalance == null ? null : acc.withBalance.accountBalance(),
          acc.first,
          acc.last,
          acc.count,
          acc.total.doubleValue(),
          age);
    }

    @Override
    public Coder<Acc> getAccumulatorCoder(CoderRegistry registry, Coder<BankTransaction> inputCoder) {
      return new AccCoder();
    }
  }

  /**
   * Compact accumulator encoding (accumulators cross the shuffle): the attributes usually come from
   * one transaction, so each distinct transaction is written once and the attributes refer to it.
   */
  static final class AccCoder extends AtomicCoder<Acc> {
    private static final Coder<BankTransaction> TX = BankTransaction.TransactionCoder.of();
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Integer> INT = VarIntCoder.of();
    private static final Coder<BigDecimal> DECIMAL = BigDecimalCoder.of();
    private static final Coder<Long> NULLABLE_LONG = NullableCoder.of(VarLongCoder.of());
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
    private static final int NONE = -1;

    @Override
    public void encode(Acc acc, OutputStream out) throws IOException {
      NULLABLE_STRING.encode(acc.customerId, out);
      LONG.encode(acc.count, out);
      DECIMAL.encode(acc.total, out);
      NULLABLE_LONG.encode(acc.first == null ? null : acc.first.toEpochDay(), out);
      NULLABLE_LONG.encode(acc.last == null ? null : acc.last.toEpochDay(), out);
      BankTransaction[] attributes = {acc.withDob, acc.withGender, acc.withLocation, acc.withBalance};
      List<BankTransaction> distinct = new ArrayList<>(1);
      int[] refs = new int[attributes.length];
      for (int i = 0; i < attributes.length; i++) {
        refs[i] = NONE;
        if (attributes[i] != null) {
          int found = distinct.indexOf(attributes[i]);
          if (found < 0) {
            distinct.add(attributes[i]);
            found = distinct.size() - 1;
          }
          refs[i] = found;
        }
      }
      INT.encode(distinct.size(), out);
      for (BankTransaction t : distinct) {
        TX.encode(t, out);
      }
      for (int ref : refs) {
        INT.encode(ref + 1, out);
      }
    }

    @Override
    public Acc decode(InputStream in) throws IOException {
      Acc acc = new Acc();
      acc.customerId = NULLABLE_STRING.decode(in);
      acc.count = LONG.decode(in);
      acc.total = DECIMAL.decode(in);
      Long first = NULLABLE_LONG.decode(in);
      Long last = NULLABLE_LONG.decode(in);
      acc.first = first == null ? null : LocalDate.ofEpochDay(first);
      acc.last = last == null ? null : LocalDate.ofEpochDay(last);
      int size = INT.decode(in);
      BankTransaction[] distinct = new BankTransaction[size];
      for (int i = 0; i < size; i++) {
        distinct[i] = TX.decode(in);
      }
      BankTransaction[] attributes = new BankTransaction[4];
      for (int i = 0; i < attributes.length; i++) {
        int ref = INT.decode(in) - 1;
        attributes[i] = ref == NONE ? null : distinct[ref];
      }
      acc.withDob = attributes[0];
      acc.withGender = attributes[1];
      acc.withLocation = attributes[2];
      acc.withBalance = attributes[3];
      return acc;
    }
  }
}
