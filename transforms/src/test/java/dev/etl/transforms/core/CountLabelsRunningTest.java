package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The streaming form of CountLabels: running snapshots while counts arrive, one final total when
 * the stream ends.
 */
public class CountLabelsRunningTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void snapshotsGrowAndTheFinalTotalComesOnceWhenTheWatermarkEnds() {
    TestStream<KV<String, Long>> counts =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .addElements(KV.of("lines_read", 2L), KV.of("rejected:bad_amount", 1L))
            .advanceWatermarkTo(new Instant(1000))
            .advanceProcessingTime(Duration.standardSeconds(10))
            .addElements(KV.of("lines_read", 3L))
            .advanceWatermarkToInfinity();
    PAssert.that(p.apply(counts).apply(CountLabels.running(Duration.ZERO)))
        .satisfies(
            snapshots -> {
              List<Map<String, Long>> finals = new ArrayList<>();
              int running = 0;
              for (KV<Boolean, Map<String, Long>> s : snapshots) {
                if (s.getKey()) {
                  finals.add(s.getValue());
                } else {
                  running++;
                  assertTrue(
                      s.getValue().toString(), s.getValue().getOrDefault("lines_read", 0L) <= 5);
                }
              }
              assertEquals(List.of(Map.of("lines_read", 5L, "rejected:bad_amount", 1L)), finals);
              assertEquals(3, running); // every = 0: one snapshot per count that arrived
              return null;
            });
    p.run().waitUntilFinish();
  }
}
