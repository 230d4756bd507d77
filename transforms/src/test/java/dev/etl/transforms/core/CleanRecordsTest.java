package dev.etl.transforms.core;

import dev.etl.transforms.csv.ParseCsv;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

public class CleanRecordsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** "key,value" to "key:value"; a value "bad" is rejected. */
  private static String map(String[] fields) throws Rejection {
    if (fields[1].equals("bad")) {
      throw new Rejection("bad_value", "value is bad");
    }
    return fields[0] + ":" + fields[1];
  }

  private static SourceLine line(long offset, String text) {
    return new SourceLine("f.csv", offset, text);
  }

  @Test
  public void parseRejectsAndDedupRejectsTravelTogetherWithBothSteps() {
    PCollection<SourceLine> lines =
        p.apply(
            Create.of(
                    line(10, "a,1"),
                    line(20, "b,2"),
                    line(30, "a,1"), // exact repeat: counted, not kept
                    line(40, "b,3"), // same key, other content: conflicting_duplicate
                    line(50, "c,bad"), // the mapper's reason
                    line(60, "d"), // one column of two
                    line(70, "e,5"))
                .withCoder(SourceLine.Coder.of()));
    StepResult<Parsed<String>> cleaned =
        lines.apply(
            CleanRecords.of(
                ParseCsv.of(2, CleanRecordsTest::map, StringUtf8Coder.of()),
                DedupByKey.by("key", (String s) -> s.substring(0, s.indexOf(':')))));

    PAssert.that(cleaned.good().apply(Parsed.values())).containsInAnyOrder("a:1", "b:2", "e:5");
    PAssert.that(
            cleaned
                .rejected()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.source().offset() + "|" + d.reason())))
        .containsInAnyOrder("40|conflicting_duplicate", "50|bad_value", "60|wrong_column_count");
    PAssert.that(cleaned.counts().apply(CountLabels.create()))
        .containsInAnyOrder(
            List.of(KV.of(ParseCsv.LINES_READ, 7L), KV.of(DedupByKey.DUPLICATES_REMOVED, 1L)));
    p.run();
  }
}
