package dev.etl.transforms.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Records "key:content" keyed by the part before the colon, on a TestStream with a 1-hour horizon.
 */
public class DedupByKeyStreamTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant T0 = new Instant(0);

  private static TimestampedValue<Parsed<String>> rec(long offset, String value, Duration after) {
    return TimestampedValue.of(
        new Parsed<>(new SourceLine("transactions/0", offset, value), value), T0.plus(after));
  }

  private StepResult<Parsed<String>> dedup(TestStream<Parsed<String>> stream) {
    return p.apply(stream)
        .apply(
            DedupByKeyStream.by(
                "record_key",
                (String s) -> s.substring(0, s.indexOf(':')),
                Duration.standardHours(1)));
  }

  private static PCollection<String> values(String name, PCollection<Parsed<String>> records) {
    return records.apply(name, MapElements.into(TypeDescriptors.strings()).via(Parsed::value));
  }

  @Test
  public void keepsTheFirstArrivalAndSplitsRepeatsIntoDuplicatesAndConflicts() {
    TestStream<Parsed<String>> stream =
        TestStream.create(Parsed.coder(StringUtf8Coder.of()))
            .addElements(rec(1, "a:x", Duration.ZERO), rec(2, "b:y", Duration.standardMinutes(1)))
            // out of order: earlier event time, later arrival; still a duplicate of the kept a:x
            .addElements(
                rec(3, "b:y", Duration.standardMinutes(5)),
                rec(4, "a:x", Duration.standardSeconds(-30)))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(10)))
            .addElements(rec(5, "a:other", Duration.standardMinutes(11)))
            .advanceWatermarkToInfinity();
    StepResult<Parsed<String>> result = dedup(stream);
    PAssert.that(values("Unique", result.good())).containsInAnyOrder("a:x", "b:y");
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(2L);
    PAssert.that(result.rejected())
        .satisfies(
            letters -> {
              DeadLetter only = letters.iterator().next();
              assertThat(only.source().raw(), containsString("a:other"));
              assertThat(only.reason(), containsString(DedupByKey.CONFLICTING_DUPLICATE));
              assertThat(
                  only.detail(),
                  containsString("record_key a is kept from transactions/0 at offset 1"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void forgetsAKeyOnceTheWatermarkPassesTheHorizon() {
    TestStream<Parsed<String>> stream =
        TestStream.create(Parsed.coder(StringUtf8Coder.of()))
            .addElements(rec(1, "a:x", Duration.ZERO), rec(2, "b:y", Duration.ZERO))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(59)))
            .addElements(
                rec(3, "b:y", Duration.standardMinutes(59))) // inside the horizon: a duplicate
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(61)))
            // the state of a and b expired: the same ids are new again (memory stays bounded)
            .addElements(
                rec(4, "a:x", Duration.standardMinutes(62)),
                rec(5, "b:z", Duration.standardMinutes(62)))
            .advanceWatermarkToInfinity();
    StepResult<Parsed<String>> result = dedup(stream);
    PAssert.that(values("Unique", result.good())).containsInAnyOrder("a:x", "b:y", "a:x", "b:z");
    PAssert.thatSingleton(Counted.duplicates(result)).isEqualTo(1L);
    PAssert.that(result.rejected()).empty();
    p.run().waitUntilFinish();
  }
}
