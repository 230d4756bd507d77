package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.etl.transforms.csv.ParseCsv;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** {@link Outcome} and {@link ParseCsv#toOutcomes}: one outcome per line, the same verdicts as the split form. */
public class OutcomeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static final SourceLine LINE = new SourceLine("/in/a.csv", 42, "a,b");

  @Test
  public void anOutcomeIsEitherAValueOrADeadLetter() throws Exception {
    Outcome<String> good = Outcome.good("x");
    Outcome<String> bad = Outcome.rejected(DeadLetter.of(LINE, "r", "d"));
    assertTrue(good.isGood());
    assertFalse(bad.isGood());
    assertThrows(IllegalArgumentException.class, () -> new Outcome<String>(null, null));
    assertThrows(IllegalArgumentException.class, () -> new Outcome<>("x", DeadLetter.of(LINE, "r", "d")));
    assertThrows(IllegalStateException.class, good::castRejected);
    Outcome<Integer> recast = bad.castRejected();
    assertEquals(bad.rejected(), recast.rejected());
    CoderProperties.coderDecodeEncodeEqual(Outcome.coder(StringUtf8Coder.of()), good);
    CoderProperties.coderDecodeEncodeEqual(Outcome.coder(StringUtf8Coder.of()), bad);
    CoderProperties.coderDeterministic(Outcome.coder(StringUtf8Coder.of()), good, Outcome.good("x"));
  }

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
                    .via(o -> o.isGood()
                        ? o.value().source().offset() + "=" + o.value().value()
                        : o.rejected().source().offset() + ":" + o.rejected().reason()));
    PAssert.that(shown).containsInAnyOrder("0=3", "4:blank_line", "7:wrong_column_count", "13:malformed_csv", "18:bad_number");
    p.run();
  }
}
