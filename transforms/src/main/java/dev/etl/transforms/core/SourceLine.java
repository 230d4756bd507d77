package dev.etl.transforms.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One physical line of an input file: where it came from and its exact text (without the line
 * terminator). {@code offset} is the byte offset of the line's first byte in the file, which is
 * what lets large files be read in parallel: counting lines would need one sequential pass.
 *
 * <p>A line whose bytes are not valid in the file's encoding carries {@code encodingError} (what is
 * wrong, in words; null for a valid line) and, as {@code raw}, its bytes with each invalid byte
 * written {@code \xNN} and each backslash {@code \\}, so the dead letter shows them unambiguously.
 */
public record SourceLine(String file, long offset, String raw, String encodingError)
    implements Comparable<SourceLine> {

  public SourceLine(String file, long offset, String raw) {
    this(file, offset, raw, null);
  }

  /** Order by (file, offset): the deterministic "first seen" order used to pick representatives. */
  @Override
  public int compareTo(SourceLine other) {
    int byFile = file.compareTo(other.file);
    return byFile != 0 ? byFile : Long.compare(offset, other.offset);
  }

  public static final class Coder extends AtomicCoder<SourceLine> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SourceLine value, OutputStream out) throws IOException {
      STRING.encode(value.file, out);
      LONG.encode(value.offset, out);
      STRING.encode(value.raw, out);
      STRING.encode(value.encodingError == null ? "" : value.encodingError, out);
    }

    @Override
    public SourceLine decode(InputStream in) throws IOException {
      String file = STRING.decode(in);
      long offset = LONG.decode(in);
      String raw = STRING.decode(in);
      String encodingError = STRING.decode(in);
      return new SourceLine(file, offset, raw, encodingError.isEmpty() ? null : encodingError);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
