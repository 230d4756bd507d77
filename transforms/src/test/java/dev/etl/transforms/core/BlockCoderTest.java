package dev.etl.transforms.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

/** Blocks are self-delimiting, survive nesting in other coders, and refuse a truncated stream. */
public class BlockCoderTest {
  private static final SourceLine SHORT = new SourceLine("in.csv", 42L, "T1,C1,1/1/90", null);
  private static final SourceLine LONG =
      new SourceLine("s3://bucket/ünïcødé.csv", Long.MAX_VALUE, "x".repeat(100_000), "bad byte");

  @Test
  public void roundTripsInBothContexts() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(SourceLine.Coder.of(), SHORT);
    CoderProperties.coderDecodeEncodeEqual(SourceLine.Coder.of(), LONG);
    CoderProperties.coderDeterministic(SourceLine.Coder.of(), LONG, LONG);
  }

  @Test
  public void manyBlocksInOneStreamEachReadBackWhole() throws Exception {
    ListCoder<SourceLine> list = ListCoder.of(SourceLine.Coder.of());
    List<SourceLine> lines = Arrays.asList(SHORT, LONG, SHORT, LONG);
    assertEquals(
        lines, CoderUtils.decodeFromByteArray(list, CoderUtils.encodeToByteArray(list, lines)));
    KvCoder<SourceLine, DeadLetter> kv = KvCoder.of(SourceLine.Coder.of(), DeadLetter.Coder.of());
    KV<SourceLine, DeadLetter> pair = KV.of(LONG, new DeadLetter(SHORT, "bad_date", "13/13/16"));
    CoderProperties.coderDecodeEncodeEqual(kv, pair);
  }

  @Test
  public void aDeadLetterCarriesItsSourceLineInsideItsOwnBlock() throws Exception {
    DeadLetter letter = new DeadLetter(LONG, "control_character", "U+0007 at column 3");
    CoderProperties.coderDecodeEncodeEqual(DeadLetter.Coder.of(), letter);
    byte[] once = CoderUtils.encodeToByteArray(DeadLetter.Coder.of(), letter);
    assertArrayEquals(once, CoderUtils.encodeToByteArray(DeadLetter.Coder.of(), letter));
  }

  @Test
  public void aTruncatedBlockIsAnError() throws Exception {
    byte[] whole = CoderUtils.encodeToByteArray(SourceLine.Coder.of(), LONG);
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    EOFException e =
        assertThrows(
            EOFException.class, () -> SourceLine.Coder.of().decode(new ByteArrayInputStream(cut)));
    assertEquals(true, e.getMessage().contains("block of"));
  }
}
