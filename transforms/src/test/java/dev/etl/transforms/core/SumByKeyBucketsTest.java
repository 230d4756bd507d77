package dev.etl.transforms.core;

import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/** Sums per key do not depend on the bucket count; negative values and a single key sum too. */
public class SumByKeyBucketsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final KvCoder<String, Long> CODER =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  @Test
  public void sumsEveryKeyOnceWhateverTheBucketCount() {
    List<KV<String, Long>> input = new ArrayList<>();
    List<KV<String, Long>> expected = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      long sum = 0;
      for (int i = 1; i <= k + 1; i++) {
        input.add(KV.of("track-" + k, (long) i));
        sum += i;
      }
      expected.add(KV.of("track-" + k, sum));
    }
    input.add(KV.of("refund", 10L));
    input.add(KV.of("refund", -25L));
    expected.add(KV.of("refund", -15L));
    PCollection<KV<String, Long>> values = pipeline.apply(Create.of(input).withCoder(CODER));
    for (int buckets : new int[] {1, 3, 256}) {
      PAssert.that(values.apply("Sum" + buckets, SumByKeyBuckets.of(buckets)))
          .containsInAnyOrder(expected);
    }
    pipeline.run();
  }

  @Test
  public void emptyInputGivesNoSums() {
    PAssert.that(pipeline.apply(Create.empty(CODER)).apply(SumByKeyBuckets.of(4))).empty();
    pipeline.run();
  }

  @Test
  public void refusesZeroBuckets() {
    assertThrows(IllegalArgumentException.class, () -> SumByKeyBuckets.of(0));
  }
}
