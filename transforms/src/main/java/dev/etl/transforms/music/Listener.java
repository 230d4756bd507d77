package dev.etl.transforms.music;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

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

  public static final class ListenerCoder extends BlockCoder<Listener> {
    private static final ListenerCoder INSTANCE = new ListenerCoder();

    public static ListenerCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(Listener l, Encoder out) throws IOException {
      out.writeString(l.userId);
      out.writeLong(l.totalPlays);
      out.writeInt(l.distinctTracks);
      writeNullableString(out, l.favouriteArtist);
      writeNullableString(out, l.favouriteGenre);
      writeNullableString(out, l.segment);
    }

    @Override
    protected Listener read(Decoder in) throws IOException {
      return new Listener(
          in.readString(),
          in.readLong(),
          in.readInt(),
          readNullableString(in),
          readNullableString(in),
          readNullableString(in));
    }
  }
}
