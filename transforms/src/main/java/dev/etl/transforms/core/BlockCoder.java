package dev.etl.transforms.core;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * A coder for our records that writes each element as one length-prefixed block of Avro binary
 * fields (zig-zag varints, UTF-8 strings, 8-byte doubles) and reads it back with one bulk read.
 *
 * <p>Why not Beam's field coders in sequence: they read the runner's stream one byte at a time
 * (VarInt, null markers), and on the Spark runners that stream is a {@code ByteArrayInputStream}
 * whose {@code read()} is synchronized: about a quarter of the bank job's CPU went there (profile
 * in bench/README.md). The encoding is deterministic: equal values give equal bytes.
 */
public abstract class BlockCoder<T> extends AtomicCoder<T> {
  /** Writes the fields of one element, in a fixed order. */
  protected abstract void write(T value, Encoder out) throws IOException;

  /** Reads the fields back in the order {@link #write} wrote them. */
  protected abstract T read(Decoder in) throws IOException;

  /** Per thread: the buffers and Avro encoder/decoder one element is coded with. */
  private static final class Scratch {
    final Block block = new Block();
    BinaryEncoder encoder;
    BinaryDecoder decoder;
    byte[] input = new byte[256];
    boolean busy;
  }

  /** A ByteArrayOutputStream whose array can be written out without a copy. */
  private static final class Block extends ByteArrayOutputStream {
    Block() {
      super(256);
    }

    void writeTo(OutputStream out, int length) throws IOException {
      out.write(buf, 0, length);
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** The thread's scratch, or a fresh one if a coder is already using it further up the stack. */
  private static Scratch take() {
    Scratch scratch = SCRATCH.get();
    if (scratch.busy) {
      scratch = new Scratch();
    }
    scratch.busy = true;
    return scratch;
  }

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    Scratch scratch = take();
    try {
      scratch.block.reset();
      scratch.encoder = EncoderFactory.get().binaryEncoder(scratch.block, scratch.encoder);
      write(value, scratch.encoder);
      scratch.encoder.flush();
      int length = scratch.block.size();
      VarInt.encode(length, out);
      scratch.block.writeTo(out, length);
    } finally {
      scratch.busy = false;
    }
  }

  @Override
  public final T decode(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    Scratch scratch = take();
    try {
      if (scratch.input.length < length) {
        scratch.input = new byte[Math.max(length, scratch.input.length * 2)];
      }
      int read = in.readNBytes(scratch.input, 0, length);
      if (read < length) {
        throw new EOFException(
            getClass().getSimpleName() + ": block of " + length + " bytes ends after " + read);
      }
      scratch.decoder =
          DecoderFactory.get().binaryDecoder(scratch.input, 0, length, scratch.decoder);
      return read(scratch.decoder);
    } finally {
      scratch.busy = false;
    }
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {}

  protected static void writeNullableString(Encoder out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeString(value);
    }
  }

  protected static String readNullableString(Decoder in) throws IOException {
    return in.readBoolean() ? in.readString() : null;
  }

  protected static void writeNullableLong(Encoder out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  protected static Long readNullableLong(Decoder in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  protected static void writeNullableInt(Encoder out, Integer value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeInt(value);
    }
  }

  protected static Integer readNullableInt(Decoder in) throws IOException {
    return in.readBoolean() ? in.readInt() : null;
  }

  protected static void writeNullableDouble(Encoder out, Double value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeDouble(value);
    }
  }

  protected static Double readNullableDouble(Decoder in) throws IOException {
    return in.readBoolean() ? in.readDouble() : null;
  }

  protected static void writeStrings(Encoder out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      out.writeString(value);
    }
  }

  protected static List<String> readStrings(Decoder in) throws IOException {
    int size = in.readInt();
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(in.readString());
    }
    return values;
  }
}
