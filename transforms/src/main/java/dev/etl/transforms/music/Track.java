package dev.etl.transforms.music;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * A clean catalog track ({@code Music_Info.csv}). Every column but the id may be null (blank in the
 * file); {@code tags} is never null (a blank tag column is an empty list). A record with a
 * hand-written coder, like the bank transaction: exact equality for dedup, compact and
 * deterministic.
 */
public record Track(
    String trackId,
    String name,
    String artist,
    String spotifyPreviewUrl,
    String spotifyId,
    List<String> tags,
    String genre,
    Integer year,
    Integer durationMs,
    Double danceability,
    Double energy,
    Integer key,
    Double loudness,
    Integer mode,
    Double speechiness,
    Double acousticness,
    Double instrumentalness,
    Double liveness,
    Double valence,
    Double tempo,
    Integer timeSignature) {

  public Track {
    tags = List.copyOf(tags);
  }

  public static final class TrackCoder extends AtomicCoder<Track> {
    private static final TrackCoder INSTANCE = new TrackCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
    private static final Coder<Integer> NULLABLE_INT = NullableCoder.of(VarIntCoder.of());
    private static final Coder<Integer> INT = VarIntCoder.of();
    private static final Coder<Double> NULLABLE_DOUBLE = NullableCoder.of(DoubleCoder.of());

    public static TrackCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Track t, OutputStream out) throws IOException {
      STRING.encode(t.trackId, out);
      NULLABLE_STRING.encode(t.name, out);
      NULLABLE_STRING.encode(t.artist, out);
      NULLABLE_STRING.encode(t.spotifyPreviewUrl, out);
      NULLABLE_STRING.encode(t.spotifyId, out);
      INT.encode(t.tags.size(), out);
      for (String tag : t.tags) {
        STRING.encode(tag, out);
      }
      NULLABLE_STRING.encode(t.genre, out);
      NULLABLE_INT.encode(t.year, out);
      NULLABLE_INT.encode(t.durationMs, out);
      NULLABLE_DOUBLE.encode(t.danceability, out);
      NULLABLE_DOUBLE.encode(t.energy, out);
      NULLABLE_INT.encode(t.key, out);
      NULLABLE_DOUBLE.encode(t.loudness, out);
      NULLABLE_INT.encode(t.mode, out);
      NULLABLE_DOUBLE.encode(t.speechiness, out);
      NULLABLE_DOUBLE.encode(t.acousticness, out);
      NULLABLE_DOUBLE.encode(t.instrumentalness, out);
      NULLABLE_DOUBLE.encode(t.liveness, out);
      NULLABLE_DOUBLE.encode(t.valence, out);
      NULLABLE_DOUBLE.encode(t.tempo, out);
      NULLABLE_INT.encode(t.timeSignature, out);
    }

    @Override
    public Track decode(InputStream in) throws IOException {
      String id = STRING.decode(in);
      String name = NULLABLE_STRING.decode(in);
      String artist = NULLABLE_STRING.decode(in);
      String url = NULLABLE_STRING.decode(in);
      String spotifyId = NULLABLE_STRING.decode(in);
      int tagCount = INT.decode(in);
      List<String> tags = new ArrayList<>(tagCount);
      for (int i = 0; i < tagCount; i++) {
        tags.add(STRING.decode(in));
      }
      return new Track(
          id,
          name,
          artist,
          url,
          spotifyId,
          tags,
          NULLABLE_STRING.decode(in),
          NULLABLE_INT.decode(in),
          NULLABLE_INT.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_INT.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_INT.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_DOUBLE.decode(in),
          NULLABLE_INT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
