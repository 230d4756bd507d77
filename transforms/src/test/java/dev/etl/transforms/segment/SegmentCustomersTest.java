package dev.etl.transforms.segment;

import static org.junit.Assert.assertEquals;

import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.StepResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class SegmentCustomersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final LocalDate OCT_21 = LocalDate.of(2016, 10, 21);

  private static CustomerProfile customer(
      String id, int daysBeforeLast, long count, double total, Integer age, Double balance) {
    LocalDate last = OCT_21.minusDays(daysBeforeLast);
    return new CustomerProfile(
        id, null, "M", "PUNE", balance, last.minusDays(count - 1), last, count, total, age);
  }

  @Test
  public void segmentRulesInOrder() {
    assertEquals("champions", SegmentCustomers.segmentOf(4, 4, 4));
    assertEquals("champions", SegmentCustomers.segmentOf(5, 5, 5));
    assertEquals("loyal", SegmentCustomers.segmentOf(3, 5, 1));
    assertEquals("loyal", SegmentCustomers.segmentOf(5, 4, 3));
    assertEquals("at_risk", SegmentCustomers.segmentOf(2, 5, 1));
    assertEquals("at_risk", SegmentCustomers.segmentOf(1, 1, 4));
    assertEquals("new", SegmentCustomers.segmentOf(5, 1, 5));
    assertEquals("new", SegmentCustomers.segmentOf(4, 2, 1));
    assertEquals("potential", SegmentCustomers.segmentOf(3, 1, 1));
    assertEquals("potential", SegmentCustomers.segmentOf(4, 3, 3));
    assertEquals("hibernating", SegmentCustomers.segmentOf(2, 3, 3));
    assertEquals("hibernating", SegmentCustomers.segmentOf(1, 1, 1));
    // every combination has a segment
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        for (int m = 1; m <= 5; m++) {
          assertEquals(
              true, SegmentCustomers.SEGMENTS.contains(SegmentCustomers.segmentOf(r, f, m)));
        }
      }
    }
  }

  @Test
  public void bands() {
    assertEquals("unknown", SegmentCustomers.ageBand(null));
    assertEquals("<25", SegmentCustomers.ageBand(0));
    assertEquals("<25", SegmentCustomers.ageBand(24));
    assertEquals("25-34", SegmentCustomers.ageBand(25));
    assertEquals("25-34", SegmentCustomers.ageBand(34));
    assertEquals("35-44", SegmentCustomers.ageBand(35));
    assertEquals("45-54", SegmentCustomers.ageBand(54));
    assertEquals("55-64", SegmentCustomers.ageBand(64));
    assertEquals("65+", SegmentCustomers.ageBand(65));
    assertEquals("65+", SegmentCustomers.ageBand(120));
    assertEquals("unknown", SegmentCustomers.balanceBand(null));
    assertEquals("<10k", SegmentCustomers.balanceBand(-5.0));
    assertEquals("<10k", SegmentCustomers.balanceBand(9_999.99));
    assertEquals("10k-100k", SegmentCustomers.balanceBand(10_000.0));
    assertEquals("100k-1M", SegmentCustomers.balanceBand(999_999.99));
    assertEquals("1M+", SegmentCustomers.balanceBand(1_000_000.0));
  }

  @Test
  public void monetaryIsHistogrammedRoundedUpToThreeSignificantDigits() {
    assertEquals(0, SegmentCustomers.monetaryKey(0));
    assertEquals(999, SegmentCustomers.monetaryKey(999));
    assertEquals(1000, SegmentCustomers.monetaryKey(1000));
    assertEquals(1010, SegmentCustomers.monetaryKey(1001));
    assertEquals(12_400, SegmentCustomers.monetaryKey(12_345));
    assertEquals(1_000_000, SegmentCustomers.monetaryKey(999_001));
    assertEquals(12_345, SegmentCustomers.paise(123.45));
  }

  @Test
  public void scoresCustomersByQuintilesOverAllCustomers() {
    // Ten customers: recency 0..9 days, frequency 1 except two, monetary 100..1000.
    List<CustomerProfile> customers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long count = i < 2 ? 3 : 1;
      customers.add(
          customer(
              "C" + i,
              i,
              count,
              100.0 * (10 - i),
              i == 9 ? null : 20 + 5 * i,
              i == 0 ? null : 5000.0 * i));
    }
    StepResult<CustomerSegment> result =
        p.apply(Create.of(customers).withCoder(SerializableCoder.of(CustomerProfile.class)))
            .apply(SegmentCustomers.create());
    RfmBoundaries expected =
        new RfmBoundaries(
            OCT_21,
            10,
            new Quintiles(1, 3, 5, 7), // recency days 0..9
            new Quintiles(1, 1, 1, 1), // eight customers with 1 transaction
            new Quintiles(20_000, 40_000, 60_000, 80_000)); // 100..1000 INR in paise
    PAssert.that(
            result
                .counts()
                .apply(CountLabels.create())
                .apply(Filter.by((KV<String, Long> kv) -> kv.getKey().startsWith("rfm_"))))
        .containsInAnyOrder(expected.asCounts());
    PCollection<CustomerSegment> segments = result.good();
    PAssert.that(segments)
        .satisfies(
            all -> {
              Map<String, CustomerSegment> byId = new HashMap<>();
              all.forEach(s -> byId.put(s.customerId(), s));
              assertEquals(10, byId.size());
              // C0: last transaction on the reference date, 3 transactions, 1000 INR: 5/5/5
              // champions
              assertEquals(
                  new CustomerSegment(
                      "C0", 0, 3, 1000.0, 5, 5, 5, "champions", "<25", "M", "PUNE", "unknown"),
                  byId.get("C0"));
              // C1: 1 day, 3 transactions, 900: recency at the first bound takes the lower quintile
              // (score 5)
              assertEquals(
                  new CustomerSegment(
                      "C1", 1, 3, 900.0, 5, 5, 5, "champions", "25-34", "M", "PUNE", "<10k"),
                  byId.get("C1"));
              // C3: 3 days (second quintile: r 4), one transaction (f 1), 700 (m 4): new
              assertEquals(
                  new CustomerSegment(
                      "C3", 3, 1, 700.0, 4, 1, 4, "new", "35-44", "M", "PUNE", "10k-100k"),
                  byId.get("C3"));
              // C5: r 3, f 1, m 3 (500 is not above the 60th percentile bound 600): potential
              assertEquals("potential", byId.get("C5").segment());
              assertEquals(3, byId.get("C5").mScore());
              // C9: 9 days (r 1), f 1, 100 (m 1): hibernating, unknown age
              assertEquals(
                  new CustomerSegment(
                      "C9",
                      9,
                      1,
                      100.0,
                      1,
                      1,
                      1,
                      "hibernating",
                      "unknown",
                      "M",
                      "PUNE",
                      "10k-100k"),
                  byId.get("C9"));
              return null;
            });
    p.run();
  }

  @Test
  public void theSummaryReadsTheBoundsBackFromTheirCounts() {
    RfmBoundaries b =
        new RfmBoundaries(
            OCT_21,
            3,
            new Quintiles(1, 2, 3, 4),
            new Quintiles(5, 6, 7, 8),
            new Quintiles(100, 250, 12_345, 99_900));
    Map<String, Long> counts = new HashMap<>();
    b.asCounts().forEach(kv -> counts.put(kv.getKey(), kv.getValue()));
    Map<String, Object> summary = RfmBoundaries.summary(l -> counts.getOrDefault(l, 0L), true);
    assertEquals(OCT_21.toString(), summary.get("rfm_reference_date"));
    assertEquals(
        "{recency_days={q1_max=1, q2_max=2, q3_max=3, q4_max=4},"
            + " frequency={q1_max=5, q2_max=6, q3_max=7, q4_max=8},"
            + " monetary={q1_max=1.0, q2_max=2.5, q3_max=123.45, q4_max=999.0}}",
        summary.get("rfm_boundaries").toString());
    assertEquals(null, RfmBoundaries.summary(l -> 0L, false).get("rfm_reference_date"));
  }
}
