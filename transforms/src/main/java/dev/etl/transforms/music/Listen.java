package dev.etl.transforms.music;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * One clean line of {@code User_Listening_History.csv}: a user played a track {@code playcount}
 * (from 1 to Long.MAX_VALUE) times.
 */
public record Listen(String trackId, String userId, long playcount) {

  public static final class ListenCoder extends BlockCoder<Listen> {
    private static final ListenCoder INSTANCE = new ListenCoder();

    public static ListenCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(Listen l, Encoder out) throws IOException {
      out.writeString(l.trackId);
      out.writeString(l.userId);
      out.writeLong(l.playcount);
    }

    @Override
    protected Listen read(Decoder in) throws IOException {
      return new Listen(in.readString(), in.readString(), in.readLong());
    }
  }
}
