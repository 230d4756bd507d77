package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class SourceLineTest {
  @Test
  public void ordersByFileThenOffset() {
    SourceLine a1 = new SourceLine("a.csv", 1, "x");
    SourceLine a100 = new SourceLine("a.csv", 100, "x");
    SourceLine b0 = new SourceLine("b.csv", 0, "x");
    List<SourceLine> lines = new ArrayList<>(List.of(b0, a100, a1));
    Collections.sort(lines);
    assertEquals(List.of(a1, a100, b0), lines);
    assertTrue(a100.compareTo(new SourceLine("a.csv", 100, "other text")) == 0);
    // offsets compare as numbers, not as text
    assertTrue(new SourceLine("a", 9, "").compareTo(new SourceLine("a", 10, "")) < 0);
  }

  @Test
  public void coderRoundTripsAndIsDeterministic() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        SourceLine.Coder.of(), new SourceLine("/tmp/f.csv", 0, ""));
    CoderProperties.coderDecodeEncodeEqual(
        SourceLine.Coder.of(), new SourceLine("f", Long.MAX_VALUE, "Zoë,東京"));
    CoderProperties.coderDeterministic(
        SourceLine.Coder.of(), new SourceLine("f", 3, "a"), new SourceLine("f", 3, "a"));
  }

  @Test
  public void parsedCoderRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        Parsed.coder(StringUtf8Coder.of()), new Parsed<>(new SourceLine("f", 5, "a,b"), "value"));
  }
}
