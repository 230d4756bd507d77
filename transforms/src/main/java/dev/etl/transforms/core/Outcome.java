package dev.etl.transforms.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StructuredCoder;

/**
 * Either a good value or the dead letter that replaced it: one element per input record, so that a
 * chain of steps over a large collection can carry its failures along instead of splitting them off
 * at every step. A split means several outputs, and the Spark runner keeps every output of a
 * multi-output step (and every collection read twice) in memory; on ten million listens that cost
 * more than the work itself. The chain ends in a step that splits once, after reducing the data.
 */
public record Outcome<T>(T value, DeadLetter rejected) {
  public Outcome {
    if ((value == null) == (rejected == null)) {
      throw new IllegalArgumentException("an outcome is either a value or a dead letter");
    }
  }

  public static <T> Outcome<T> good(T value) {
    return new Outcome<>(value, null);
  }

  public static <T> Outcome<T> rejected(DeadLetter deadLetter) {
    return new Outcome<>(null, deadLetter);
  }

  public boolean isGood() {
    return value != null;
  }

  /** The same dead letter under another value type. */
  @SuppressWarnings("unchecked")
  public <R> Outcome<R> castRejected() {
    if (isGood()) {
      throw new IllegalStateException("not a rejected outcome");
    }
    return (Outcome<R>) this;
  }

  public static <T> OutcomeCoder<T> coder(Coder<T> valueCoder) {
    return new OutcomeCoder<>(valueCoder);
  }

  public static final class OutcomeCoder<T> extends StructuredCoder<Outcome<T>> {
    private final Coder<T> valueCoder;

    private OutcomeCoder(Coder<T> valueCoder) {
      this.valueCoder = valueCoder;
    }

    public Coder<T> valueCoder() {
      return valueCoder;
    }

    @Override
    public void encode(Outcome<T> outcome, OutputStream out) throws IOException {
      if (outcome.isGood()) {
        out.write(1);
        valueCoder.encode(outcome.value(), out);
      } else {
        out.write(0);
        DeadLetter.Coder.of().encode(outcome.rejected(), out);
      }
    }

    @Override
    public Outcome<T> decode(InputStream in) throws IOException {
      int tag = in.read();
      if (tag == 1) {
        return good(valueCoder.decode(in));
      }
      if (tag == 0) {
        return rejected(DeadLetter.Coder.of().decode(in));
      }
      throw new IOException("not an encoded outcome (tag " + tag + ")");
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(valueCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      verifyDeterministic(this, "value coder must be deterministic", valueCoder);
    }
  }
}
