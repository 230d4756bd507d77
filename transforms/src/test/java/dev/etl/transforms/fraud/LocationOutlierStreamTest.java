package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Tx.at;
import static dev.etl.transforms.fraud.Tx.keys;
import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.BankTransaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The stream's location_outlier against published statistics: the same verdicts and figures as the
 * batch rule when the statistics are those of the same transactions; locations without statistics,
 * with too few transactions or no spread are not scored.
 */
public class LocationOutlierStreamTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Statistics handed over in memory (the job reads them from Parquet). */
  record Fixed(Map<String, LocationStats> stats) implements LocationOutlierStream.Source {
    @Override
    public String version() {
      return "1";
    }

    @Override
    public Map<String, LocationStats> read() {
      return stats;
    }
  }

  @Test
  public void scoresLikeTheBatchRuleAgainstTheSameStatistics() {
    List<BankTransaction> pune = new ArrayList<>();
    TreeMap<Long, Long> histogram = new TreeMap<>();
    for (int i = 0; i < 41; i++) {
      double amount = i < 20 ? 99 : 999;
      pune.add(at("P" + i, "PUNE", amount));
      histogram.merge(Math.round(amount * 100), 1L, Long::sum);
    }
    histogram.merge(100_000_000L, 1L, Long::sum);
    Map<String, LocationStats> stats = new HashMap<>();
    stats.put("PUNE", LocationStats.fromHistogram("PUNE", histogram));
    stats.put("DELHI", new LocationStats("DELHI", 40, Math.log1p(100), 0)); // no spread
    stats.put("MUMBAI", new LocationStats("MUMBAI", 6, Math.log1p(50), 0.1)); // too few

    TestStream.Builder<BankTransaction> events =
        TestStream.create(BankTransaction.TransactionCoder.of());
    Instant t = new Instant(0);
    for (BankTransaction tx : pune) {
      events = events.addElements(tx);
    }
    events =
        events
            .advanceWatermarkTo(t.plus(Duration.standardMinutes(1)))
            .addElements(
                at("PBIG", "PUNE", 1_000_000),
                at("DBIG", "DELHI", 1_000_000),
                at("MBIG", "MUMBAI", 1_000_000),
                at("XBIG", "NOWHERE", 1_000_000),
                at("NBIG", null, 1_000_000));
    PCollection<Suspicion> hits =
        p.apply(events.advanceWatermarkToInfinity())
            .apply(
                LocationOutlierStream.of(new Fixed(stats), Duration.standardMinutes(1), 3.5, 30));
    LocationStats s = stats.get("PUNE");
    Suspicion batch = LocationOutlier.score(at("PBIG", "PUNE", 1_000_000), s, 3.5, 30);
    String batchDetail = batch.detail();
    double batchObserved = batch.observed();
    PAssert.that(hits)
        .satisfies(
            all -> {
              assertEquals(keys(Suspicion.LOCATION_OUTLIER, "PBIG"), keys(all));
              Suspicion hit = all.iterator().next();
              assertEquals(batchDetail, hit.detail());
              assertEquals(batchObserved, hit.observed(), 0);
              assertEquals(3.5, hit.comparedTo(), 0);
              assertEquals(
                  0.6745 * (Math.log1p(1e6) - Math.log(1000)) / (Math.log(10) / 2),
                  hit.observed(),
                  1e-9);
              return null;
            });
    p.run();
  }
}
