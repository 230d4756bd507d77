package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.AUG_2;
import static dev.etl.transforms.fraud.Tx.AUG_3;
import static dev.etl.transforms.fraud.Tx.find;
import static dev.etl.transforms.fraud.Tx.keys;
import static dev.etl.transforms.fraud.Tx.tx;
import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.BankTransaction;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class CustomerOutlierTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void flagsAmountsAboveTenTimesTheMedianOfTheOtherTransactions() {
    List<BankTransaction> transactions =
        List.of(
            // A: 5000 > 10 x median(100, 100, 120) = 1000; each 100 is below 10 x median(100, 120,
            // 5000)
            tx("A1", "A", AUG_2, "10:00:00", 100),
            tx("A2", "A", AUG_2, "11:00:00", 100),
            tx("A3", "A", AUG_3, "10:00:00", 120),
            tx("A4", "A", AUG_3, "12:00:00", 5000),
            // B: only two other transactions, under the minimum history of 3: no hit
            tx("B1", "B", AUG_2, "10:00:00", 10),
            tx("B2", "B", AUG_2, "11:00:00", 10),
            tx("B3", "B", AUG_2, "12:00:00", 10_000),
            // C: exactly 10 x the median: not above, no hit
            tx("C1", "C", AUG_2, "10:00:00", 100),
            tx("C2", "C", AUG_2, "11:00:00", 100),
            tx("C3", "C", AUG_2, "12:00:00", 100),
            tx("C4", "C", AUG_2, "13:00:00", 1000),
            // D: four others, even count: median(10, 20, 30, 40) = 25, limit 250
            tx("D1", "D", AUG_2, "10:00:00", 10),
            tx("D2", "D", AUG_2, "11:00:00", 20),
            tx("D3", "D", AUG_2, "12:00:00", 30),
            tx("D4", "D", AUG_2, "13:00:00", 40),
            tx("D5", "D", AUG_3, "10:00:00", 1000),
            // E: the others' median is 0: no multiple of it is meaningful, no hit
            tx("E1", "E", AUG_2, "10:00:00", 0),
            tx("E2", "E", AUG_2, "11:00:00", 0),
            tx("E3", "E", AUG_2, "12:00:00", 0),
            tx("E4", "E", AUG_2, "13:00:00", 50));
    PCollection<Suspicion> hits =
        p.apply(Create.of(transactions).withCoder(BankTransaction.TransactionCoder.of()))
            .apply(GroupByCustomer.withRules(new CustomerOutlier(10, 3)).withBuckets(2))
            .get(GroupByCustomer.SUSPICIOUS);
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.CUSTOMER_OUTLIER, "A4", "D5"), keys(all));
              assertEquals(5000, find(all, "A4").observed(), 0);
              assertEquals(1000, find(all, "A4").comparedTo(), 0);
              assertEquals(250, find(all, "D5").comparedTo(), 0);
              assertEquals("D", find(all, "D5").customerId());
              assertEquals(
                  "amount 1000.00 > 10.000 x 25.00, the median of the customer's 4 other transactions",
                  find(all, "D5").detail());
              return null;
            });
    p.run();
  }

  @Test
  public void factorAndHistoryAreOptions() {
    List<BankTransaction> b =
        List.of(
            tx("B1", "B", AUG_2, "10:00:00", 10),
            tx("B2", "B", AUG_2, "11:00:00", 10),
            tx("B3", "B", AUG_2, "12:00:00", 60));
    List<Suspicion> hits = new java.util.ArrayList<>();
    new CustomerOutlier(5, 2).check(b, hits); // 60 > 5 x 10
    assertEquals(keys(Suspicion.CUSTOMER_OUTLIER, "B3"), keys(hits));
    hits.clear();
    new CustomerOutlier(6, 2).check(b, hits); // 60 = 6 x 10
    assertEquals(0, hits.size());
  }
}
