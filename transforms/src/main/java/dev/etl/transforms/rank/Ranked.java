package dev.etl.transforms.rank;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** One place of a ranking: 1 is the heaviest; equal weights are ranked by id. */
public record Ranked(int rank, String id, long weight) {

  public static final class Coder extends BlockCoder<Ranked> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    protected void write(Ranked value, Encoder out) throws IOException {
      out.writeInt(value.rank);
      out.writeString(value.id);
      out.writeLong(value.weight);
    }

    @Override
    protected Ranked read(Decoder in) throws IOException {
      return new Ranked(in.readInt(), in.readString(), in.readLong());
    }
  }
}
