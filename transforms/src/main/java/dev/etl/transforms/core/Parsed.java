package dev.etl.transforms.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/** A typed record that still knows the line it came from, so later steps can dead-letter it. */
public record Parsed<T>(SourceLine source, T value) {

  public static <T> ParsedCoder<T> coder(Coder<T> valueCoder) {
    return new ParsedCoder<>(valueCoder);
  }

  /** The values without their sources (the coder is the value coder of the input's). */
  public static <T> PTransform<PCollection<Parsed<T>>, PCollection<T>> values() {
    return new PTransform<>() {
      @Override
      public PCollection<T> expand(PCollection<Parsed<T>> parsed) {
        Coder<T> valueCoder = ((ParsedCoder<T>) parsed.getCoder()).valueCoder();
        return parsed
            .apply(
                "Values",
                MapElements.into(valueCoder.getEncodedTypeDescriptor()).via(Parsed::value))
            .setCoder(valueCoder);
      }
    };
  }

  public static final class ParsedCoder<T> extends StructuredCoder<Parsed<T>> {
    private final Coder<T> valueCoder;

    private ParsedCoder(Coder<T> valueCoder) {
      this.valueCoder = valueCoder;
    }

    /** The coder of the record without its source, for steps that drop the source. */
    public Coder<T> valueCoder() {
      return valueCoder;
    }

    @Override
    public void encode(Parsed<T> value, OutputStream out) throws IOException {
      SourceLine.Coder.of().encode(value.source(), out);
      valueCoder.encode(value.value(), out);
    }

    @Override
    public Parsed<T> decode(InputStream in) throws IOException {
      return new Parsed<>(SourceLine.Coder.of().decode(in), valueCoder.decode(in));
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
