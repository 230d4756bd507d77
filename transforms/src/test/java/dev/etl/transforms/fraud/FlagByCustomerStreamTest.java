package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.AUG_2;
import static dev.etl.transforms.fraud.Tx.keys;
import static dev.etl.transforms.fraud.Tx.tx;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.BankTransaction;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/**
 * burst (3 within 10 minutes) and customer_outlier (10 x the median of >= 3 earlier) on a
 * TestStream.
 */
public class FlagByCustomerStreamTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static TimestampedValue<BankTransaction> at(
      String id, String customer, String time, double amount) {
    BankTransaction t = tx(id, customer, AUG_2, time, amount);
    return TimestampedValue.of(t, t.eventTime());
  }

  private PCollection<Suspicion> flag(TestStream<BankTransaction> stream, Duration horizon) {
    return p.apply(stream)
        .apply(
            FlagByCustomerStream.of(new Burst(3, 10), new CustomerOutlier(10, 3))
                .withHistory(100, horizon));
  }

  private static TestStream.Builder<BankTransaction> stream() {
    return TestStream.create(BankTransaction.TransactionCoder.of());
  }

  @Test
  public void theThirdTransactionOfABurstAlertsForAllThreeAndNamesThem() {
    TestStream<BankTransaction> s =
        stream()
            .addElements(at("B1", "C1", "10:00:00", 10), at("B2", "C1", "10:04:00", 10))
            .addElements(at("X1", "C2", "10:05:00", 10)) // another customer: no burst with C1's
            .addElements(at("B3", "C1", "10:09:59", 10))
            .addElements(
                at(
                    "B4",
                    "C1",
                    "10:10:00",
                    10)) // joins the burst of B2, B3 (and B1's window ends 10:10:00)
            .advanceWatermarkToInfinity();
    PCollection<Suspicion> hits = flag(s, Duration.standardDays(30));
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.BURST, "B1", "B2", "B3", "B4"), keys(all));
              Suspicion b1 = Tx.find(all, "B1");
              assertThat(b1.detail(), containsString(": B1, B2, B3"));
              assertEquals(3.0, b1.observed(), 0);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void anOutOfOrderTransactionStillCompletesItsBurst() {
    TestStream<BankTransaction> s =
        stream()
            .addElements(at("B1", "C1", "10:00:00", 10), at("B3", "C1", "10:08:00", 10))
            .advanceWatermarkTo(AUG_2Time("10:08:30"))
            // arrives after B3 and behind the watermark, but within the kept state
            .addElements(at("B2", "C1", "10:03:00", 10))
            .advanceWatermarkToInfinity();
    PAssert.that(flag(s, Duration.standardDays(30)))
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.BURST, "B1", "B2", "B3"), keys(all));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void stateExpiresOnceTheWatermarkPassesTheHorizon() {
    // horizon 5 minutes: when the watermark passes 10:05 + 5m, C1's two transactions are forgotten
    TestStream<BankTransaction> s =
        stream()
            .addElements(at("B1", "C1", "10:00:00", 10), at("B2", "C1", "10:05:00", 10))
            .advanceWatermarkTo(AUG_2Time("10:11:00"))
            .addElements(at("B3", "C1", "10:09:00", 10)) // late: its partners are gone, no burst
            .advanceWatermarkToInfinity();
    PAssert.that(flag(s, Duration.standardMinutes(5))).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void theWatermarkPassingTheBurstWindowDoesNotStopABurstWithinTheHorizon() {
    TestStream<BankTransaction> s =
        stream()
            .addElements(at("B1", "C1", "10:00:00", 10), at("B2", "C1", "10:05:00", 10))
            .advanceWatermarkTo(AUG_2Time("10:20:00"))
            .addElements(
                at("L1", "C1", "10:21:00", 10)) // 16 minutes after B2: outside every window
            .addElements(at("B3", "C1", "10:06:00", 10)) // late but kept state completes B1, B2, B3
            .advanceWatermarkToInfinity();
    PAssert.that(flag(s, Duration.standardDays(1)))
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.BURST, "B1", "B2", "B3"), keys(all));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void customerOutlierComparesWithEarlierTransactionsOnly() {
    TestStream<BankTransaction> s =
        stream()
            .addElements(
                at("O1", "C1", "08:00:00", 100),
                at("O2", "C1", "09:00:00", 120),
                at("O3", "C1", "11:00:00", 80))
            .addElements(
                at("BIG", "C1", "12:00:00", 5000)) // > 10 x 100, the median of the 3 earlier ones
            .addElements(
                at(
                    "EARLY",
                    "C1",
                    "07:00:00",
                    5000)) // out of order: nothing earlier, no history, no hit
            .advanceWatermarkToInfinity();
    PAssert.that(flag(s, Duration.standardDays(30)))
        .satisfies(
            all -> {
              Set<String> found = new TreeSet<>(keys(all));
              assertEquals(keys(Suspicion.CUSTOMER_OUTLIER, "BIG"), found);
              assertThat(
                  Tx.find(all, "BIG").detail(),
                  containsString("the median of the customer's 3 earlier transactions"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  private static org.joda.time.Instant AUG_2Time(String time) {
    return BankTransaction.eventTime(AUG_2, java.time.LocalTime.parse(time));
  }
}
