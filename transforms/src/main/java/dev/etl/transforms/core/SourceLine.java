package dev.etl.transforms.core;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

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

  public static final class Coder extends BlockCoder<SourceLine> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    protected void write(SourceLine value, Encoder out) throws IOException {
      out.writeString(value.file);
      out.writeLong(value.offset);
      out.writeString(value.raw);
      writeNullableString(out, value.encodingError);
    }

    @Override
    protected SourceLine read(Decoder in) throws IOException {
      return new SourceLine(
          in.readString(), in.readLong(), in.readString(), readNullableString(in));
    }
  }
}
