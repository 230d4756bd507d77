package dev.etl.transforms.bank;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.etl.transforms.fraud.Burst;
import dev.etl.transforms.fraud.CustomerOutlier;
import dev.etl.transforms.fraud.FlagByCustomer;
import dev.etl.transforms.fraud.Suspicion;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/** The one customer grouping gives what the two separate transforms give, for any bucket count. */
public class GroupByCustomerTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** 40 customers, some with a burst (6 in 10 minutes) and some with one amount far above their history. */
  private static List<BankTransaction> transactions() {
    Random random = new Random(7);
    List<BankTransaction> all = new ArrayList<>();
    int id = 0;
    for (int c = 0; c < 40; c++) {
      String customer = "C" + c;
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        boolean burst = c % 7 == 0;
        LocalDate date = LocalDate.of(2016, 8, burst ? 3 : 1 + random.nextInt(20));
        LocalTime time = burst ? LocalTime.of(10, i) : LocalTime.of(random.nextInt(24), random.nextInt(60));
        double amount = c % 5 == 0 && i == n - 1 ? 90_000 : 10 + random.nextInt(500);
        all.add(new BankTransaction(
            "T" + id++, customer, i % 3 == 0 ? null : LocalDate.of(1980 + c % 20, 1, 1), i % 4 == 0 ? null : "F",
            i % 2 == 0 ? "PUNE" : "DELHI", i % 5 == 0 ? null : 100.0 * i, date, time, amount));
      }
    }
    return all;
  }

  @Test
  public void profilesAndHitsEqualTheSeparateTransforms() {
    PCollection<BankTransaction> input = p.apply(Create.of(transactions()).withCoder(BankTransaction.TransactionCoder.of()));
    PCollection<CustomerProfile> profiles = input.apply("Summarize", new SummarizeCustomers(5));
    PCollection<Suspicion> hits = input.apply("Flag", FlagByCustomer.of(new CustomerOutlier(3, 3), new Burst(5, 60)).withBuckets(5));
    for (int buckets : new int[] {1, 3, 256}) {
      GroupByCustomer.Result grouped =
          input.apply("Group" + buckets, GroupByCustomer.withRules(new CustomerOutlier(3, 3), new Burst(5, 60)).withBuckets(buckets));
      assertSame("profiles, " + buckets + " buckets", profiles, grouped.profiles(), 40);
      assertSame("hits, " + buckets + " buckets", hits, grouped.suspicious(), 1);
    }
    p.run();
  }

  /** Both collections hold the same elements (records compare by value, so by their text), at least {@code min}. */
  private static <T> void assertSame(String what, PCollection<T> expected, PCollection<T> actual, int min) {
    PCollection<String> tagged =
        PCollectionList.of(expected.apply(what + " expected", MapElements.into(TypeDescriptors.strings()).via(x -> "E " + x)))
            .and(actual.apply(what + " actual", MapElements.into(TypeDescriptors.strings()).via(x -> "A " + x)))
            .apply(what + " both", Flatten.pCollections());
    PAssert.that(what, tagged)
        .satisfies(
            all -> {
              List<String> e = new ArrayList<>();
              List<String> a = new ArrayList<>();
              all.forEach(x -> (x.startsWith("E ") ? e : a).add(x.substring(2)));
              Collections.sort(e);
              Collections.sort(a);
              assertEquals(what, e, a);
              assertTrue(what + ": only " + e.size(), e.size() >= min);
              return null;
            });
  }
}
