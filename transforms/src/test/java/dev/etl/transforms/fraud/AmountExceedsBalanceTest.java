package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.find;
import static dev.etl.transforms.fraud.Tx.keys;
import static dev.etl.transforms.fraud.Tx.withBalance;
import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.BankTransaction;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class AmountExceedsBalanceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void flagsOnlyAmountsAboveTheBalanceOnTheRow() {
    PCollection<Suspicion> hits =
        p.apply(
                Create.of(
                        withBalance("T1", 500.01, 500.0), // above by a paisa: hit
                        withBalance("T2", 500.0, 500.0), // equal: no hit
                        withBalance("T3", 10, null), // balance unknown: no hit
                        withBalance("T4", 0, 0.0), // nothing spent: no hit
                        withBalance("T5", 1, -20.0), // overdrawn account: hit
                        withBalance("T6", 99, 1e6))
                    .withCoder(BankTransaction.TransactionCoder.of()))
            .apply(FlagTransactions.of(new AmountExceedsBalance()));
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.AMOUNT_EXCEEDS_BALANCE, "T1", "T5"), keys(all));
              Suspicion t1 = find(all, "T1");
              assertEquals(500.01, t1.observed(), 0);
              assertEquals(500.0, t1.comparedTo(), 0);
              assertEquals(500.01, t1.amountInr(), 0);
              assertEquals("CT1", t1.customerId());
              assertEquals(Tx.AUG_2, t1.transactionDate());
              assertEquals("amount 500.01 > account balance 500.00", t1.detail());
              assertEquals(-20.0, find(all, "T5").comparedTo(), 0);
              return null;
            });
    p.run();
  }
}
