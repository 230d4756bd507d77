package dev.etl.transforms.music;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One listener's profile: total plays, distinct tracks, favourite artist and genre (most plays,
 * ties by name; null when none of the user's tracks has one) and the intensity segment (null until
 * {@link SegmentListeners} assigns it).
 */
public record Listener(
    String userId,
    long totalPlays,
    int distinctTracks,
    String favouriteArtist,
    String favouriteGenre,
    String segment) {

  public Listener withSegment(String value) {
    return new Listener(userId, totalPlays, distinctTracks, favouriteArtist, favouriteGenre, value);
  }

  public static final class ListenerCoder extends AtomicCoder<Listener> {
    private static final ListenerCoder INSTANCE = new ListenerCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());

    public static ListenerCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Listener l, OutputStream out) throws IOException {
      STRING.encode(l.userId, out);
      VarLongCoder.of().encode(l.totalPlays, out);
      VarIntCoder.of().encode(l.distinctTracks, out);
      NULLABLE_STRING.encode(l.favouriteArtist, out);
      NULLABLE_STRING.encode(l.favouriteGenre, out);
      NULLABLE_STRING.encode(l.segment, out);
    }

    @Override
    public Listener decode(InputStream in) throws IOException {
      return new Listener(
          STRING.decode(in),
          VarLongCoder.of().decode(in),
          VarIntCoder.of().decode(in),
          NULLABLE_STRING.decode(in),
          NULLABLE_STRING.decode(in),
          NULLABLE_STRING.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
