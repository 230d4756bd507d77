package dev.etl.transforms.music;

import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Parquet layout of the music outputs (a user-facing contract). Plays are BIGINT (sums of play
 * counts); ranks start at 1. Column names are snake_case, as in the input files.
 */
public final class MusicTables {
  /**
   * The partition column of the weekly snapshot tables (top lists and segments), in the folder
   * names ({@code snapshot_date=YYYY-MM-DD/}), and its type: Parquet DATE.
   */
  public static final String SNAPSHOT_PARTITION = "snapshot_date";

  public static final Schema SNAPSHOT_PARTITION_TYPE =
      LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));

  public static final Schema TRACK =
      SchemaBuilder.record("track")
          .namespace("dev.etl.music")
          .fields()
          .requiredString("track_id")
          .optionalString("name")
          .optionalString("artist")
          .optionalString("spotify_preview_url")
          .optionalString("spotify_id")
          .name("tags")
          .type()
          .array()
          .items()
          .stringType()
          .noDefault()
          .optionalString("genre")
          .optionalInt("year")
          .optionalInt("duration_ms")
          .optionalDouble("danceability")
          .optionalDouble("energy")
          .optionalInt("key")
          .optionalDouble("loudness")
          .optionalInt("mode")
          .optionalDouble("speechiness")
          .optionalDouble("acousticness")
          .optionalDouble("instrumentalness")
          .optionalDouble("liveness")
          .optionalDouble("valence")
          .optionalDouble("tempo")
          .optionalInt("time_signature")
          .endRecord();

  /**
   * The enriched fact: one row per (user, track) pair after duplicates are removed and repeats
   * merged.
   */
  public static final Schema LISTEN =
      SchemaBuilder.record("listen")
          .namespace("dev.etl.music")
          .fields()
          .requiredString("track_id")
          .requiredString("user_id")
          .requiredLong("playcount")
          .optionalString("name")
          .optionalString("artist")
          .optionalString("genre")
          .optionalInt("year")
          .optionalInt("duration_ms")
          .endRecord();

  public static final Schema TOP_TRACK =
      SchemaBuilder.record("top_track")
          .namespace("dev.etl.music")
          .fields()
          .requiredInt("rank")
          .requiredString("track_id")
          .optionalString("name")
          .optionalString("artist")
          .requiredLong("plays")
          .endRecord();

  public static final Schema TOP_ARTIST = ranked("top_artist", "artist");
  public static final Schema TOP_GENRE = ranked("top_genre", "genre");

  public static final Schema USER_TOP_TRACK =
      SchemaBuilder.record("user_top_track")
          .namespace("dev.etl.music")
          .fields()
          .requiredString("user_id")
          .requiredInt("rank")
          .requiredString("track_id")
          .requiredLong("plays")
          .endRecord();

  public static final Schema USER_SEGMENT =
      SchemaBuilder.record("user_segment")
          .namespace("dev.etl.music")
          .fields()
          .requiredString("user_id")
          .requiredLong("total_plays")
          .requiredInt("distinct_tracks")
          .optionalString("favourite_artist")
          .optionalString("favourite_genre")
          .requiredString("segment")
          .endRecord();

  private MusicTables() {}

  private static Schema ranked(String name, String keyColumn) {
    return SchemaBuilder.record(name)
        .namespace("dev.etl.music")
        .fields()
        .requiredInt("rank")
        .requiredString(keyColumn)
        .requiredLong("plays")
        .endRecord();
  }

  public static GenericRecord track(Track t) {
    GenericData.Record r = new GenericData.Record(TRACK);
    r.put("track_id", t.trackId());
    r.put("name", t.name());
    r.put("artist", t.artist());
    r.put("spotify_preview_url", t.spotifyPreviewUrl());
    r.put("spotify_id", t.spotifyId());
    r.put("tags", t.tags());
    r.put("genre", t.genre());
    r.put("year", t.year());
    r.put("duration_ms", t.durationMs());
    r.put("danceability", t.danceability());
    r.put("energy", t.energy());
    r.put("key", t.key());
    r.put("loudness", t.loudness());
    r.put("mode", t.mode());
    r.put("speechiness", t.speechiness());
    r.put("acousticness", t.acousticness());
    r.put("instrumentalness", t.instrumentalness());
    r.put("liveness", t.liveness());
    r.put("valence", t.valence());
    r.put("tempo", t.tempo());
    r.put("time_signature", t.timeSignature());
    return r;
  }

  /** A listen row; {@code track} may be null (then only the ids and plays are filled). */
  public static GenericRecord listen(String trackId, String userId, long plays, Track track) {
    GenericData.Record r = new GenericData.Record(LISTEN);
    r.put(0, trackId);
    r.put(1, userId);
    r.put(2, plays);
    if (track != null) {
      r.put(3, track.name());
      r.put(4, track.artist());
      r.put(5, track.genre());
      r.put(6, track.year());
      r.put(7, track.durationMs());
    }
    return r;
  }

  public static GenericRecord topTrack(int rank, String trackId, long plays, Track track) {
    GenericData.Record r = new GenericData.Record(TOP_TRACK);
    r.put(0, rank);
    r.put(1, trackId);
    r.put(2, track == null ? null : track.name());
    r.put(3, track == null ? null : track.artist());
    r.put(4, plays);
    return r;
  }

  public static GenericRecord ranked(Schema schema, int rank, String key, long plays) {
    GenericData.Record r = new GenericData.Record(schema);
    r.put(0, rank);
    r.put(1, key);
    r.put(2, plays);
    return r;
  }

  public static GenericRecord userTopTrack(String userId, int rank, String trackId, long plays) {
    GenericData.Record r = new GenericData.Record(USER_TOP_TRACK);
    r.put(0, userId);
    r.put(1, rank);
    r.put(2, trackId);
    r.put(3, plays);
    return r;
  }

  public static GenericRecord userSegment(Listener l) {
    GenericData.Record r = new GenericData.Record(USER_SEGMENT);
    r.put(0, l.userId());
    r.put(1, l.totalPlays());
    r.put(2, l.distinctTracks());
    r.put(3, l.favouriteArtist());
    r.put(4, l.favouriteGenre());
    r.put(5, l.segment());
    return r;
  }

  /** Column names of a schema, for tests and docs. */
  public static List<String> columns(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }
}
