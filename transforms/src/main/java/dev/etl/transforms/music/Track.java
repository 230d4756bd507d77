package dev.etl.transforms.music;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

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

  public static final class TrackCoder extends BlockCoder<Track> {
    private static final TrackCoder INSTANCE = new TrackCoder();

    public static TrackCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(Track t, Encoder out) throws IOException {
      out.writeString(t.trackId);
      writeNullableString(out, t.name);
      writeNullableString(out, t.artist);
      writeNullableString(out, t.spotifyPreviewUrl);
      writeNullableString(out, t.spotifyId);
      writeStrings(out, t.tags);
      writeNullableString(out, t.genre);
      writeNullableInt(out, t.year);
      writeNullableInt(out, t.durationMs);
      writeNullableDouble(out, t.danceability);
      writeNullableDouble(out, t.energy);
      writeNullableInt(out, t.key);
      writeNullableDouble(out, t.loudness);
      writeNullableInt(out, t.mode);
      writeNullableDouble(out, t.speechiness);
      writeNullableDouble(out, t.acousticness);
      writeNullableDouble(out, t.instrumentalness);
      writeNullableDouble(out, t.liveness);
      writeNullableDouble(out, t.valence);
      writeNullableDouble(out, t.tempo);
      writeNullableInt(out, t.timeSignature);
    }

    @Override
    protected Track read(Decoder in) throws IOException {
      return new Track(
          in.readString(),
          readNullableString(in),
          readNullableString(in),
          readNullableString(in),
          readNullableString(in),
          readStrings(in),
          readNullableString(in),
          readNullableInt(in),
          readNullableInt(in),
          readNullableDouble(in),
          readNullableDouble(in),
          readNullableInt(in),
          readNullableDouble(in),
          readNullableInt(in),
          readNullableDouble(in),
          readNullableDouble(in),
          readNullableDouble(in),
          readNullableDouble(in),
          readNullableDouble(in),
          readNullableDouble(in),
          readNullableInt(in));
    }
  }
}
