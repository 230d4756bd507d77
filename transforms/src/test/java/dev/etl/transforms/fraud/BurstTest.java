package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.AUG_2;
import static dev.etl.transforms.fraud.Tx.AUG_3;
import static dev.etl.transforms.fraud.Tx.find;
import static dev.etl.transforms.fraud.Tx.keys;
import static dev.etl.transforms.fraud.Tx.tx;
import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.BankTransaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class BurstTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void flagsThreeOrMoreTransactionsOfOneCustomerWithinTenMinutesOnOneDay() {
    List<BankTransaction> transactions =
        List.of(
            // A: first to last exactly 10 minutes: a burst of 3
            tx("A1", "A", AUG_2, "10:00:00", 1),
            tx("A2", "A", AUG_2, "10:05:00", 1),
            tx("A3", "A", AUG_2, "10:10:00", 1),
            // B: one second too long: no burst
            tx("B1", "B", AUG_2, "10:00:00", 1),
            tx("B2", "B", AUG_2, "10:05:00", 1),
            tx("B3", "B", AUG_2, "10:10:01", 1),
            // C: the same times on two days: no burst
            tx("C1", "C", AUG_2, "23:58:00", 1),
            tx("C2", "C", AUG_2, "23:59:00", 1),
            tx("C3", "C", AUG_3, "00:01:00", 1),
            // D: three in a burst, the fourth later the same day is not part of it
            tx("D1", "D", AUG_2, "10:00:00", 1),
            tx("D2", "D", AUG_2, "10:04:00", 1),
            tx("D3", "D", AUG_2, "10:08:00", 1),
            tx("D4", "D", AUG_2, "10:30:00", 1),
            // E and F: two customers at the same moments are no burst
            tx("E1", "E", AUG_2, "09:00:00", 1),
            tx("E2", "E", AUG_2, "09:01:00", 1),
            tx("F1", "F", AUG_2, "09:00:30", 1),
            // G: five within eight minutes, listed out of order: all five, window size 5
            tx("G5", "G", AUG_3, "12:08:00", 1),
            tx("G1", "G", AUG_3, "12:00:00", 1),
            tx("G3", "G", AUG_3, "12:02:00", 1),
            tx("G2", "G", AUG_3, "12:01:00", 1),
            tx("G4", "G", AUG_3, "12:05:00", 1));
    PCollection<Suspicion> hits =
        p.apply(Create.of(transactions).withCoder(BankTransaction.TransactionCoder.of()))
            .apply(GroupByCustomer.withRules(new Burst(3, 10)).withBuckets(3))
            .get(GroupByCustomer.SUSPICIOUS);
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(
                  keys(
                      Suspicion.BURST,
                      "A1",
                      "A2",
                      "A3",
                      "D1",
                      "D2",
                      "D3",
                      "G1",
                      "G2",
                      "G3",
                      "G4",
                      "G5"),
                  keys(all));
              assertEquals(3, find(all, "A2").observed(), 0);
              assertEquals(3, find(all, "A2").comparedTo(), 0);
              assertEquals(5, find(all, "G3").observed(), 0);
              assertEquals(
                  "5 transactions within 10 minutes on 2016-08-03", find(all, "G5").detail());
              return null;
            });
    p.run();
  }

  @Test
  public void aTransactionTakesTheLargestWindowItBelongsTo() {
    // 10:00, 10:06, 10:12: windows {10:00, 10:06} and {10:06, 10:12}: no window of 3 with W=10
    // and with W=12 one window of 3
    List<BankTransaction> a =
        List.of(
            tx("A1", "A", AUG_2, "10:00:00", 1),
            tx("A2", "A", AUG_2, "10:06:00", 1),
            tx("A3", "A", AUG_2, "10:12:00", 1));
    List<Suspicion> hits = new ArrayList<>();
    new Burst(3, 10).check(a, hits);
    assertEquals(0, hits.size());
    new Burst(3, 12).check(a, hits);
    assertEquals(keys(Suspicion.BURST, "A1", "A2", "A3"), keys(hits));
    hits.clear();
    new Burst(2, 6).check(a, hits); // pairs: A2 belongs to two windows of 2
    assertEquals(keys(Suspicion.BURST, "A1", "A2", "A3"), keys(hits));
    assertEquals(2, find(hits, "A2").observed(), 0);
  }
}
