package dev.etl.transforms.rank;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** One place of a ranking: 1 is the heaviest; equal weights are ranked by id. */
public record Ranked(int rank, String id, long weight) {

  public static final class Coder extends AtomicCoder<Ranked> {
    private static final Coder INSTANCE = new Coder();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Ranked value, OutputStream out) throws IOException {
      INT.encode(value.rank, out);
      STRING.encode(value.id, out);
      LONG.encode(value.weight, out);
    }

    @Override
    public Ranked decode(InputStream in) throws IOException {
      return new Ranked(INT.decode(in), STRING.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
