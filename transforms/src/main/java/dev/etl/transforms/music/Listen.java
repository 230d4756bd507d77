package dev.etl.transforms.music;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One clean line of {@code User_Listening_History.csv}: a user played a track {@code playcount} (≥
 * 1) times.
 */
public record Listen(String trackId, String userId, int playcount) {

  public static final class ListenCoder extends AtomicCoder<Listen> {
    private static final ListenCoder INSTANCE = new ListenCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<Integer> INT = VarIntCoder.of();

    public static ListenCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Listen l, OutputStream out) throws IOException {
      STRING.encode(l.trackId, out);
      STRING.encode(l.userId, out);
      INT.encode(l.playcount, out);
    }

    @Override
    public Listen decode(InputStream in) throws IOException {
      return new Listen(STRING.decode(in), STRING.decode(in), INT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
