package dev.etl.transforms.fraud;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The customer table and the per-customer rules from one grouping. Every test runs with the default
 * bucket count, with one bucket for all customers and with 7. The rules themselves: {@link
 * BurstTest}, {@link CustomerOutlierTest}.
 */
@RunWith(Parameterized.class)
public class GroupByCustomerTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Parameterized.Parameters(name = "buckets={0}")
  public static Object[] buckets() {
    return new Object[] {0, 1, 7}; // 0: the default bucket count
  }

  @Parameterized.Parameter public int buckets;

  private static final LocalDate AUG_2 = LocalDate.of(2016, 8, 2);
  private static final LocalDate AUG_3 = LocalDate.of(2016, 8, 3);
  private static final LocalDate AUG_5 = LocalDate.of(2016, 8, 5);

  private static BankTransaction tx(
      String id,
      String customer,
      LocalDate dob,
      String gender,
      String location,
      Double balance,
      LocalDate date,
      String time,
      double amount) {
    return new BankTransaction(
        id, customer, dob, gender, location, balance, date, LocalTime.parse(time), amount);
  }

  /** A transaction without attributes. */
  private static BankTransaction plain(
      String id, String customer, LocalDate date, String time, double amount) {
    return tx(id, customer, null, null, null, null, date, time, amount);
  }

  private PCollectionTuple group(List<BankTransaction> transactions, CustomerRule... rules) {
    GroupByCustomer group = GroupByCustomer.withRules(rules);
    return p.apply(Create.of(transactions).withCoder(BankTransaction.TransactionCoder.of()))
        .apply(buckets == 0 ? group : group.withBuckets(buckets));
  }

  private PCollection<CustomerProfile> summarize(List<BankTransaction> transactions) {
    return group(transactions).get(GroupByCustomer.PROFILES);
  }

  @Test
  public void oneProfilePerCustomerWithCountTotalAndDateRange() {
    LocalDate dob = LocalDate.of(1990, 1, 1);
    PCollection<CustomerProfile> profiles =
        summarize(
            List.of(
                tx("T2", "C1", dob, "F", "PUNE", 10.0, AUG_5, "09:00:00", 20.5),
                tx("T1", "C1", dob, "F", "PUNE", 10.0, AUG_2, "10:00:00", 10.0),
                tx("T3", "C1", dob, "F", "PUNE", 10.0, AUG_3, "23:59:59", 0.25),
                tx("T4", "C2", null, "M", "GOA", null, AUG_3, "00:00:00", 7.0)));
    PAssert.that(profiles)
        .containsInAnyOrder(
            new CustomerProfile("C1", dob, "F", "PUNE", 10.0, AUG_2, AUG_5, 3, 30.75, 26),
            new CustomerProfile("C2", null, "M", "GOA", null, AUG_3, AUG_3, 1, 7.0, null));
    p.run().waitUntilFinish();
  }

  @Test
  public void latestTransactionWinsPerAttributeAndNullsFallBackToTheLatestKnownValue() {
    LocalDate dob = LocalDate.of(1990, 1, 1);
    PCollection<CustomerProfile> profiles =
        summarize(
            List.of(
                // latest overall (date): gender and balance come from here; dob and location are
                // null
                tx("T2", "C1", null, "M", null, 200.0, AUG_5, "08:00:00", 1.0),
                // same date, earlier time: latest that has a location
                tx("T3", "C1", null, null, "BANGALORE", 300.0, AUG_5, "07:00:00", 1.0),
                // earliest: the only one with a birth date
                tx("T1", "C1", dob, "F", "AGRA", 100.0, AUG_2, "12:00:00", 1.0)));
    PAssert.that(profiles)
        .containsInAnyOrder(
            new CustomerProfile("C1", dob, "M", "BANGALORE", 200.0, AUG_2, AUG_5, 3, 3.0, 26));
    p.run().waitUntilFinish();
  }

  @Test
  public void timeBreaksTiesOnDateAndTransactionIdBreaksTiesOnTime() {
    PCollection<CustomerProfile> profiles =
        summarize(
            List.of(
                // same date: the later time wins even though its id is smaller
                tx("A9", "C1", null, "F", null, null, AUG_3, "10:00:01", 1.0),
                tx("Z1", "C1", null, "M", null, null, AUG_3, "10:00:00", 1.0),
                // same date and time: the larger transaction id wins, whatever the input order
                tx("TB", "C2", null, null, "YORK", null, AUG_3, "10:00:00", 1.0),
                tx("TA", "C2", null, null, "XANADU", null, AUG_3, "10:00:00", 1.0),
                tx("TC", "C3", null, null, "XANADU", null, AUG_3, "10:00:00", 1.0),
                tx("TD", "C3", null, null, "YORK", null, AUG_3, "10:00:00", 1.0)));
    PAssert.that(profiles)
        .containsInAnyOrder(
            new CustomerProfile("C1", null, "F", null, null, AUG_3, AUG_3, 2, 2.0, null),
            new CustomerProfile("C2", null, null, "YORK", null, AUG_3, AUG_3, 2, 2.0, null),
            new CustomerProfile("C3", null, null, "YORK", null, AUG_3, AUG_3, 2, 2.0, null));
    p.run().waitUntilFinish();
  }

  @Test
  public void ageInWholeYearsAtTheLastTransaction() {
    LocalDate dob = LocalDate.of(1990, 8, 10);
    LocalDate leap = LocalDate.of(2000, 2, 29);
    PCollection<CustomerProfile> profiles =
        summarize(
            List.of(
                // birthday not yet reached in 2016
                tx(
                    "T1",
                    "BEFORE",
                    dob,
                    null,
                    null,
                    null,
                    LocalDate.of(2016, 8, 9),
                    "12:00:00",
                    1.0),
                // birthday on the day of the last transaction
                tx("T2", "ON", dob, null, null, null, LocalDate.of(2016, 8, 10), "12:00:00", 1.0),
                // the birthday falls between the first and the last transaction: age at the last
                tx(
                    "T3",
                    "BETWEEN",
                    dob,
                    null,
                    null,
                    null,
                    LocalDate.of(2016, 8, 9),
                    "12:00:00",
                    1.0),
                plain("T4", "BETWEEN", LocalDate.of(2016, 8, 11), "12:00:00", 1.0),
                // unknown birth date
                plain("T5", "UNKNOWN", AUG_2, "12:00:00", 1.0),
                // leap-day birthday: not reached on 28 Feb, reached on 29 Feb
                tx(
                    "T6",
                    "LEAP28",
                    leap,
                    null,
                    null,
                    null,
                    LocalDate.of(2016, 2, 28),
                    "12:00:00",
                    1.0),
                tx(
                    "T7",
                    "LEAP29",
                    leap,
                    null,
                    null,
                    null,
                    LocalDate.of(2016, 2, 29),
                    "12:00:00",
                    1.0),
                // born the same day
                tx("T8", "NEWBORN", AUG_2, null, null, null, AUG_2, "12:00:00", 1.0)));
    PAssert.that(profiles)
        .containsInAnyOrder(
            profile("BEFORE", dob, LocalDate.of(2016, 8, 9), LocalDate.of(2016, 8, 9), 1, 25),
            profile("ON", dob, LocalDate.of(2016, 8, 10), LocalDate.of(2016, 8, 10), 1, 26),
            profile("BETWEEN", dob, LocalDate.of(2016, 8, 9), LocalDate.of(2016, 8, 11), 2, 26),
            profile("UNKNOWN", null, AUG_2, AUG_2, 1, null),
            profile("LEAP28", leap, LocalDate.of(2016, 2, 28), LocalDate.of(2016, 2, 28), 1, 15),
            profile("LEAP29", leap, LocalDate.of(2016, 2, 29), LocalDate.of(2016, 2, 29), 1, 16),
            profile("NEWBORN", AUG_2, AUG_2, AUG_2, 1, 0));
    p.run().waitUntilFinish();
  }

  @Test
  public void theLatestKnownBirthDateIsUsedForTheAge() {
    PCollection<CustomerProfile> profiles =
        summarize(
            List.of(
                tx("T1", "C1", LocalDate.of(1980, 1, 1), null, null, null, AUG_2, "12:00:00", 1.0),
                tx("T2", "C1", LocalDate.of(1981, 9, 1), null, null, null, AUG_3, "12:00:00", 1.0),
                plain("T3", "C1", AUG_5, "12:00:00", 1.0)));
    PAssert.that(profiles)
        .containsInAnyOrder(profile("C1", LocalDate.of(1981, 9, 1), AUG_2, AUG_5, 3, 34));
    p.run().waitUntilFinish();
  }

  @Test
  public void manyTransactionsPerCustomer() {
    List<BankTransaction> transactions = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      LocalDate date = LocalDate.of(2016, 8, 1 + (i / 3) % 30);
      transactions.add(
          tx(
              String.format("T%04d", i),
              "C" + i % 3,
              null,
              null,
              "L" + i,
              null,
              date,
              "12:00:00",
              0.5));
    }
    // 30 Aug is (i / 3) % 30 == 29; the largest such i/3 is 149: i = 447, 448, 449 (one per
    // customer)
    PAssert.that(summarize(transactions))
        .containsInAnyOrder(
            new CustomerProfile(
                "C0",
                null,
                null,
                "L447",
                null,
                LocalDate.of(2016, 8, 1),
                LocalDate.of(2016, 8, 30),
                167,
                83.5,
                null),
            new CustomerProfile(
                "C1",
                null,
                null,
                "L448",
                null,
                LocalDate.of(2016, 8, 1),
                LocalDate.of(2016, 8, 30),
                167,
                83.5,
                null),
            new CustomerProfile(
                "C2",
                null,
                null,
                "L449",
                null,
                LocalDate.of(2016, 8, 1),
                LocalDate.of(2016, 8, 30),
                166,
                83.0,
                null));
    p.run().waitUntilFinish();
  }

  private static CustomerProfile profile(
      String customer, LocalDate dob, LocalDate first, LocalDate last, long count, Integer age) {
    return new CustomerProfile(
        customer, dob, null, null, null, first, last, count, count * 1.0, age);
  }

  @Test
  public void customersInOneBucketStayApart() {
    LocalDate dob = LocalDate.of(1970, 5, 6);
    PCollection<CustomerProfile> profiles =
        summarize(
            List.of(
                tx("T1", "C1", dob, "F", "AGRA", 1.5, AUG_2, "01:00:00", 2.0),
                tx("T9", "C2", null, "M", "GOA", 5.0, AUG_3, "05:00:00", 1.5),
                tx("T2", "C1", null, "M", null, -4.0, AUG_5, "02:00:00", 4.0),
                tx("T8", "C2", null, null, "PUNE", null, AUG_2, "05:00:00", 2.5),
                tx("T3", "C1", null, null, "DELHI", null, AUG_3, "03:00:00", 8.0),
                tx("T4", "C1", null, null, null, null, AUG_5, "01:00:00", 16.0)));
    PAssert.that(profiles)
        .containsInAnyOrder(
            new CustomerProfile("C1", dob, "M", "DELHI", -4.0, AUG_2, AUG_5, 4, 30.0, 46),
            new CustomerProfile("C2", null, "M", "GOA", 5.0, AUG_2, AUG_3, 2, 4.0, null));
    p.run().waitUntilFinish();
  }

  /**
   * 40 customers, some with a burst (6 in 10 minutes) and some with one amount far above their
   * history.
   */
  private static List<BankTransaction> randomCustomers() {
    Random random = new Random(7);
    List<BankTransaction> all = new ArrayList<>();
    int id = 0;
    for (int c = 0; c < 40; c++) {
      String customer = "C" + c;
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        boolean burst = c % 7 == 0;
        LocalDate date = LocalDate.of(2016, 8, burst ? 3 : 1 + random.nextInt(20));
        LocalTime time =
            burst ? LocalTime.of(10, i) : LocalTime.of(random.nextInt(24), random.nextInt(60));
        double amount = c % 5 == 0 && i == n - 1 ? 90_000 : 10 + random.nextInt(500);
        all.add(
            new BankTransaction(
                "T" + id++,
                customer,
                i % 3 == 0 ? null : LocalDate.of(1980 + c % 20, 1, 1),
                i % 4 == 0 ? null : "F",
                i % 2 == 0 ? "PUNE" : "DELHI",
                i % 5 == 0 ? null : 100.0 * i,
                date,
                time,
                amount));
      }
    }
    return all;
  }

  @Test
  public void profilesAndHitsAreThoseOfEachCustomerAlone() {
    List<BankTransaction> transactions = randomCustomers();
    CustomerRule[] rules = {new CustomerOutlier(3, 3), new Burst(5, 60)};
    // the reference: each customer's transactions on their own, without any grouping
    Map<String, List<BankTransaction>> byCustomer = new TreeMap<>();
    transactions.forEach(
        t -> byCustomer.computeIfAbsent(t.customerId(), c -> new ArrayList<>()).add(t));
    List<CustomerProfile> profiles = new ArrayList<>();
    List<Suspicion> hits = new ArrayList<>();
    for (List<BankTransaction> own : byCustomer.values()) {
      profiles.add(CustomerProfile.of(own));
      List<BankTransaction> chronological = new ArrayList<>(own);
      chronological.sort(BankTransaction.CHRONOLOGICAL);
      for (CustomerRule rule : rules) {
        rule.check(chronological, hits);
      }
    }
    assertTrue(profiles.size() == 40 && !hits.isEmpty());

    PCollectionTuple grouped = group(transactions, rules);
    PAssert.that(grouped.get(GroupByCustomer.PROFILES)).containsInAnyOrder(profiles);
    PAssert.that(grouped.get(GroupByCustomer.SUSPICIOUS)).containsInAnyOrder(hits);
    p.run().waitUntilFinish();
  }

  @Test
  public void bucketCountMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> GroupByCustomer.withRules().withBuckets(0));
  }
}
