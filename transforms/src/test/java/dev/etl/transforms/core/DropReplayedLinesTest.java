package dev.etl.transforms.core;

import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** Lines of two Kafka partitions, some handed out twice as a restored job's second reader does. */
public class DropReplayedLinesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static SourceLine line(String partition, long offset, String raw) {
    return new SourceLine("transactions/" + partition, offset, raw);
  }

  private PCollection<String> kept(TestStream<SourceLine> stream) {
    return p.apply(stream)
        .apply(DropReplayedLines.create())
        .apply(
            MapElements.into(TypeDescriptors.strings())
                .via(l -> l.file() + "@" + l.offset() + " " + l.raw()));
  }

  @Test
  public void aSecondReaderOfTheSamePartitionAddsNothing() {
    TestStream<SourceLine> stream =
        TestStream.create(SourceLine.Coder.of())
            .addElements(line("0", 10, "a"), line("0", 11, "b"), line("1", 10, "x"))
            // the duplicate split starts again at offset 10 of partition 0, then both go on
            .addElements(line("0", 10, "a"), line("0", 11, "b"), line("0", 12, "c"))
            .addElements(line("0", 12, "c"), line("0", 13, "d"), line("1", 11, "y"))
            .advanceWatermarkToInfinity();
    PAssert.that(kept(stream))
        .containsInAnyOrder(
            "transactions/0@10 a",
            "transactions/0@11 b",
            "transactions/0@12 c",
            "transactions/0@13 d",
            "transactions/1@10 x",
            "transactions/1@11 y");
    p.run().waitUntilFinish();
  }

  @Test
  public void theSameTextAtANewOffsetIsNotAReplay() {
    TestStream<SourceLine> stream =
        TestStream.create(SourceLine.Coder.of())
            .addElements(line("0", 1, "same"), line("0", 2, "same"))
            .addElements(line("1", 1, "same"))
            .advanceWatermarkToInfinity();
    PAssert.that(kept(stream))
        .containsInAnyOrder(
            "transactions/0@1 same", "transactions/0@2 same", "transactions/1@1 same");
    p.run().waitUntilFinish();
  }
}
