package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** {@link Outcome}: a value or a dead letter (ParseCsvTest covers {@code ParseCsv.toOutcomes}). */
public class OutcomeTest {
  static final SourceLine LINE = new SourceLine("/in/a.csv", 42, "a,b");

  @Test
  public void anOutcomeIsEitherAValueOrADeadLetter() throws Exception {
    Outcome<String> good = Outcome.good("x");
    Outcome<String> bad = Outcome.rejected(DeadLetter.of(LINE, "r", "d"));
    assertTrue(good.isGood());
    assertFalse(bad.isGood());
    assertThrows(IllegalArgumentException.class, () -> new Outcome<String>(null, null));
    assertThrows(
        IllegalArgumentException.class, () -> new Outcome<>("x", DeadLetter.of(LINE, "r", "d")));
    assertThrows(IllegalStateException.class, good::castRejected);
    Outcome<Integer> recast = bad.castRejected();
    assertEquals(bad.rejected(), recast.rejected());
    CoderProperties.coderDecodeEncodeEqual(Outcome.coder(StringUtf8Coder.of()), good);
    CoderProperties.coderDecodeEncodeEqual(Outcome.coder(StringUtf8Coder.of()), bad);
    CoderProperties.coderDeterministic(
        Outcome.coder(StringUtf8Coder.of()), good, Outcome.good("x"));
  }
}
