package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.AUG_2;
import static dev.etl.transforms.fraud.Tx.find;
import static dev.etl.transforms.fraud.Tx.keys;
import static dev.etl.transforms.fraud.Tx.withDob;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.bank.BankTransaction;
import java.time.LocalDate;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class ImplausibleAgeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void flagsAgesBelowTenAndAboveAHundredAtTheTransaction() {
    PCollection<Suspicion> hits =
        p.apply(
                Create.of(
                        withDob(
                            "T1", LocalDate.of(2006, 8, 3), AUG_2), // 9, turns 10 the next day: hit
                        withDob("T2", LocalDate.of(2006, 8, 2), AUG_2), // 10 on the day: no hit
                        withDob("T3", LocalDate.of(1916, 8, 2), AUG_2), // 100 on the day: no hit
                        withDob("T4", LocalDate.of(1915, 8, 2), AUG_2), // 101: hit
                        withDob(
                            "T5",
                            LocalDate.of(2016, 1, 1),
                            AUG_2), // 0 (a birth date in the year of the transaction): hit
                        withDob("T6", null, AUG_2), // unknown: no hit
                        withDob("T7", LocalDate.of(1990, 1, 1), AUG_2))
                    .withCoder(BankTransaction.TransactionCoder.of()))
            .apply(FlagTransactions.of(new ImplausibleAge(10, 100)));
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.IMPLAUSIBLE_AGE, "T1", "T4", "T5"), keys(all));
              assertEquals(9, find(all, "T1").observed(), 0);
              assertEquals(10, find(all, "T1").comparedTo(), 0);
              assertEquals(101, find(all, "T4").observed(), 0);
              assertEquals(100, find(all, "T4").comparedTo(), 0);
              assertEquals(0, find(all, "T5").observed(), 0);
              assertEquals("age 101 > 100 (born 1915-08-02)", find(all, "T4").detail());
              return null;
            });
    p.run();
  }

  @Test
  public void boundsAreOptions() {
    BankTransaction fifteen = withDob("T1", LocalDate.of(2001, 1, 1), AUG_2);
    java.util.List<Suspicion> hits = new java.util.ArrayList<>();
    new ImplausibleAge(18, 100).check(fifteen, hits);
    assertEquals(1, hits.size());
    assertEquals(18, hits.get(0).comparedTo(), 0);
    hits.clear();
    new ImplausibleAge(10, 100).check(fifteen, hits);
    assertEquals(0, hits.size());
    assertThrows(IllegalArgumentException.class, () -> new ImplausibleAge(50, 40));
  }
}
