package dev.etl.transforms.csv;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.RowMapper;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.StepResult;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** {@link ParseCsv} with a small generic mapper: structural checks and the mapper's own reasons. */
public class ParseCsvTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final RowMapper<String> KEY_EQUALS_VALUE =
      fields -> {
        if (fields[1].equals("bad")) {
          throw new Rejection("custom_reason", "value of " + fields[0] + " is bad");
        }
        return fields[0] + "=" + fields[1];
      };

  private static SourceLine line(long offset, String raw) {
    return new SourceLine("f.csv", offset, raw);
  }

  @Test
  public void splitsGoodFromRejected() {
    List<SourceLine> lines =
        List.of(
            line(10, "a,1"),
            line(14, "\"b, c\",\"x \"\"y\"\"\""),
            line(30, ""),
            line(31, " \t "),
            line(35, "\"open,1"),
            line(43, "one"),
            line(47, "a,b,c"),
            line(53, "k,bad"),
            line(59, "ü,ß"));
    StepResult<Parsed<String>> result =
        p.apply(Create.of(lines).withCoder(SourceLine.Coder.of()))
            .apply(ParseCsv.of(2, KEY_EQUALS_VALUE, StringUtf8Coder.of()));

    PAssert.that(result.good())
        .containsInAnyOrder(
            new Parsed<>(line(10, "a,1"), "a=1"),
            new Parsed<>(line(14, "\"b, c\",\"x \"\"y\"\"\""), "b, c=x \"y\""),
            new Parsed<>(line(59, "ü,ß"), "ü=ß"));
    PCollection<DeadLetter> rejected = result.rejected();
    // everything but the detail, which for malformed lines is Commons CSV's own message
    PAssert.that(
            rejected.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (DeadLetter d) ->
                            d.source().file()
                                + "|"
                                + d.source().offset()
                                + "|"
                                + d.source().raw()
                                + "|"
                                + d.reason())))
        .containsInAnyOrder(
            "f.csv|30||blank_line",
            "f.csv|31| \t |blank_line",
            "f.csv|35|\"open,1|malformed_csv",
            "f.csv|43|one|wrong_column_count",
            "f.csv|47|a,b,c|wrong_column_count",
            "f.csv|53|k,bad|custom_reason");
    PAssert.that(
            rejected.apply(Filter.by((DeadLetter d) -> !d.reason().equals(ParseCsv.MALFORMED_CSV))))
        .containsInAnyOrder(
            DeadLetter.of(line(30, ""), ParseCsv.BLANK_LINE, "empty line"),
            DeadLetter.of(line(31, " \t "), ParseCsv.BLANK_LINE, "empty line"),
            DeadLetter.of(
                line(43, "one"), ParseCsv.WRONG_COLUMN_COUNT, "expected 2 columns, found 1"),
            DeadLetter.of(
                line(47, "a,b,c"), ParseCsv.WRONG_COLUMN_COUNT, "expected 2 columns, found 3"),
            DeadLetter.of(line(53, "k,bad"), "custom_reason", "value of k is bad"));
    // every line is counted once, whatever happened to it
    PAssert.that(result.counts().apply(org.apache.beam.sdk.transforms.Sum.longsPerKey()))
        .containsInAnyOrder(org.apache.beam.sdk.values.KV.of(ParseCsv.LINES_READ, 9L));
    p.run().waitUntilFinish();
  }

  @Test
  public void badEncodingAndControlCharactersAreDeadLettersNeverCleanRows() {
    SourceLine undecodable =
        new SourceLine("f.csv", 0, "M\\xDCNCHEN,1", "the line is not valid UTF-8: ...");
    List<SourceLine> lines =
        List.of(
            undecodable,
            line(20, "a\u0000b,1"),
            line(30, "\"tab\there\",1"),
            line(40, "c,\u001F"),
            line(
                50,
                "ok,\u00A0€"), // a no-break space and a euro sign are text, not control characters
            line(60, "\"x\"y,1"));
    StepResult<Parsed<String>> result =
        p.apply(Create.of(lines).withCoder(SourceLine.Coder.of()))
            .apply(ParseCsv.of(2, KEY_EQUALS_VALUE, StringUtf8Coder.of()));
    PAssert.that(result.good())
        .containsInAnyOrder(new Parsed<>(line(50, "ok,\u00A0€"), "ok=\u00A0€"));
    PAssert.that(result.rejected())
        .containsInAnyOrder(
            DeadLetter.of(undecodable, ParseCsv.BAD_ENCODING, "the line is not valid UTF-8: ..."),
            DeadLetter.of(
                line(20, "a\u0000b,1"),
                ParseCsv.CONTROL_CHARACTER,
                "field 1 contains the control character U+0000 (NUL) at character 2"),
            DeadLetter.of(
                line(30, "\"tab\there\",1"),
                ParseCsv.CONTROL_CHARACTER,
                "field 1 contains the control character U+0009 (tab) at character 4"),
            DeadLetter.of(
                line(40, "c,\u001F"),
                ParseCsv.CONTROL_CHARACTER,
                "field 2 contains the control character U+001F at character 1"),
            DeadLetter.of(
                line(60, "\"x\"y,1"),
                ParseCsv.MALFORMED_CSV,
                "the quoted field starting at character 1 is followed by text after its closing quote (character 4);"
                    + " a quote inside a quoted field must be doubled"));
    p.run().waitUntilFinish();
  }

  @Test
  public void emptyInputGivesEmptyOutputs() {
    StepResult<Parsed<String>> result =
        p.apply(Create.empty(SourceLine.Coder.of()))
            .apply(ParseCsv.of(2, KEY_EQUALS_VALUE, StringUtf8Coder.of()));
    PAssert.that(result.good()).empty();
    PAssert.that(result.rejected()).empty();
    p.run().waitUntilFinish();
  }

  /** {@link ParseCsv#toOutcomes}: one outcome per line, the same verdicts as the split form. */
  @Test
  public void parseToOutcomesGivesOneOutcomePerLineWithTheSameReasons() {
    List<SourceLine> lines =
        List.of(
            new SourceLine("/f", 0, "1,2"),
            new SourceLine("/f", 4, "  "),
            new SourceLine("/f", 7, "1,2,3"),
            new SourceLine("/f", 13, "\"1,2"),
            new SourceLine("/f", 18, "x,2"));
    RowMapper<Integer> sum =
        f -> {
          try {
            return Integer.parseInt(f[0]) + Integer.parseInt(f[1]);
          } catch (NumberFormatException e) {
            throw new Rejection("bad_number", f[0]);
          }
        };
    PCollection<String> shown =
        p.apply(Create.of(lines).withCoder(SourceLine.Coder.of()))
            .apply(ParseCsv.toOutcomes(2, sum, org.apache.beam.sdk.coders.VarIntCoder.of()))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        o ->
                            o.isGood()
                                ? o.value().source().offset() + "=" + o.value().value()
                                : o.rejected().source().offset() + ":" + o.rejected().reason()));
    PAssert.that(shown)
        .containsInAnyOrder(
            "0=3", "4:blank_line", "7:wrong_column_count", "13:malformed_csv", "18:bad_number");
    p.run();
  }
}
