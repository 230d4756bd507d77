package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.at;
import static dev.etl.transforms.fraud.Tx.find;
import static dev.etl.transforms.fraud.Tx.keys;
import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.BankTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class LocationOutlierTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final double LN_10 = Math.log(10);

  @Test
  public void statsAreExactMediansOnTheLogScale() {
    TreeMap<Long, Long> byPaise = new TreeMap<>();
    byPaise.put(9_900L, 20L); // 20 x 99.00: ln(1 + 99) = ln 100
    byPaise.put(99_900L, 21L); // 21 x 999.00: ln 1000
    byPaise.put(100_000_000L, 1L); // 1 x 1,000,000.00
    LocationStats s = LocationStats.fromHistogram("PUNE", byPaise);
    assertEquals(42, s.transactions());
    // 42 values: the 21st and 22nd are both ln 1000
    assertEquals(Math.log(1000), s.median(), 1e-12);
    // deviations: 21 x 0, 20 x ln 10, 1 x large: the 21st and 22nd are 0 and ln 10
    assertEquals(LN_10 / 2, s.mad(), 1e-12);
    assertEquals(0.6745 * (Math.log1p(1e6) - Math.log(1000)) / (LN_10 / 2), s.robustZ(1e6), 1e-12);
    assertEquals(3.5, s.robustZ(s.amountAtZ(3.5)), 1e-9);

    TreeMap<Long, Long> odd = new TreeMap<>();
    odd.put(0L, 1L);
    odd.put(100L, 1L);
    odd.put(300L, 1L); // ln 1, ln 2, ln 4: median ln 2, deviations ln 2, 0, ln 2
    LocationStats o = LocationStats.fromHistogram("X", odd);
    assertEquals(Math.log(2), o.median(), 1e-12);
    assertEquals(Math.log(2), o.mad(), 1e-12);
  }

  @Test
  public void flagsAmountsFarAboveTheLocationsTypicalAmount() {
    List<BankTransaction> transactions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      transactions.add(at("P" + i, "PUNE", 99));
    }
    for (int i = 20; i < 41; i++) {
      transactions.add(at("P" + i, "PUNE", 999));
    }
    transactions.add(at("PBIG", "PUNE", 1_000_000)); // z 4.05 > 3.5
    // DELHI: no spread (MAD 0) cannot be scored
    for (int i = 0; i < 40; i++) {
      transactions.add(at("D" + i, "DELHI", 100));
    }
    transactions.add(at("DBIG", "DELHI", 1_000_000));
    // MUMBAI: too few transactions (min 30)
    for (int i = 0; i < 5; i++) {
      transactions.add(at("M" + i, "MUMBAI", 50 + i));
    }
    transactions.add(at("MBIG", "MUMBAI", 1_000_000));
    transactions.add(at("NBIG", null, 1_000_000)); // blank location
    PCollection<Suspicion> hits =
        p.apply(Create.of(transactions).withCoder(BankTransaction.TransactionCoder.of()))
            .apply(new LocationOutlier(3.5, 30));
    double expectedZ = 0.6745 * (Math.log1p(1e6) - Math.log(1000)) / (LN_10 / 2);
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.LOCATION_OUTLIER, "PBIG"), keys(all));
              Suspicion big = find(all, "PBIG");
              assertEquals(expectedZ, big.observed(), 1e-9);
              assertEquals(3.5, big.comparedTo(), 0);
              assertEquals(1_000_000, big.amountInr(), 0);
              return null;
            });
    p.run();
  }

  @Test
  public void aHigherThresholdFlagsNothing() {
    List<BankTransaction> transactions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      transactions.add(at("P" + i, "PUNE", 99));
    }
    for (int i = 20; i < 41; i++) {
      transactions.add(at("P" + i, "PUNE", 999));
    }
    transactions.add(at("PBIG", "PUNE", 1_000_000));
    PCollection<Suspicion> hits =
        p.apply(Create.of(transactions).withCoder(BankTransaction.TransactionCoder.of()))
            .apply(new LocationOutlier(4.1, 30));
    PAssert.that(hits).empty();
    p.run();
  }
}
