package dev.etl.transforms.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.junit.Rule;
import org.junit.Test;

public class CountLabelsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void sumsPartialCountsPerLabel() {
    PCollection<KV<String, Long>> counts =
        p.apply(
                Create.of(
                    KV.of("rows_read", 3L),
                    KV.of("rows_read", 4L),
                    KV.of("rejected:bad_amount", 1L),
                    KV.of("rows_clean", 2L),
                    KV.of("rows_read", 0L),
                    KV.of("rows_clean", 5L)))
            .apply(CountLabels.create());
    PAssert.that(counts)
        .containsInAnyOrder(
            KV.of("rows_read", 7L), KV.of("rows_clean", 7L), KV.of("rejected:bad_amount", 1L));
    p.run().waitUntilFinish();
  }

  @Test
  public void noCountsNoLabels() {
    PAssert.that(
            p.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
                .apply(CountLabels.create()))
        .empty();
    PAssert.that(
            p.apply("NoElements", Create.empty(StringUtf8Coder.of()))
                .apply("CountNothing", CountLabels.perBundle("never"))
                .apply("SumNothing", CountLabels.create()))
        .empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void perBundleCountsEveryElementUnderOneLabel() {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      numbers.add(i);
    }
    PAssert.that(
            p.apply(Create.of(numbers))
                .apply(CountLabels.perBundle("rows_read"))
                .apply(CountLabels.create()))
        .containsInAnyOrder(KV.of("rows_read", 1000L));
    p.run().waitUntilFinish();
  }

  @Test
  public void perBundleCountsNoneOneOrSeveralLabelsPerElement() {
    PCollection<Integer> numbers = p.apply("Numbers", Create.of(1, 2, 3, 4, 5, 6));
    PCollection<String> words = p.apply("Words", Create.of("a", "bb", "cc", ""));
    PCollection<KV<String, Long>> counts =
        PCollectionList.of(
                numbers.apply(
                    "CountNumbers",
                    CountLabels.perBundle(
                        (Integer n) ->
                            n % 3 == 0
                                ? List.of("n", "multiple_of_3")
                                : n == 5 ? List.<String>of() : List.of("n"))))
            .and(
                words.apply(
                    "CountWords",
                    CountLabels.perBundle((String w) -> List.of("word_length:" + w.length()))))
            .and(words.apply("CountAllWords", CountLabels.perBundle("words")))
            .apply(Flatten.pCollections())
            .apply(CountLabels.create());
    PAssert.that(counts)
        .containsInAnyOrder(
            KV.of("n", 5L),
            KV.of("multiple_of_3", 2L),
            KV.of("word_length:0", 1L),
            KV.of("word_length:1", 1L),
            KV.of("word_length:2", 2L),
            KV.of("words", 4L));
    p.run().waitUntilFinish();
  }
}
