package dev.etl.transforms.music;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * One clean line of {@code User_Listening_History.csv}: a user played a track {@code playcount} (≥
 * 1) times.
 */
public record Listen(String trackId, String userId, int playcount) {

  public static final class ListenCoder extends BlockCoder<Listen> {
    private static final ListenCoder INSTANCE = new ListenCoder();

    public static ListenCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(Listen l, Encoder out) throws IOException {
      out.writeString(l.trackId);
      out.writeString(l.userId);
      out.writeInt(l.playcount);
    }

    @Override
    protected Listen read(Decoder in) throws IOException {
      return new Listen(in.readString(), in.readString(), in.readInt());
    }
  }
}
