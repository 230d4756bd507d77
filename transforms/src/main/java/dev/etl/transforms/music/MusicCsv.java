package dev.etl.transforms.music;

import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.RowMapper;
import dev.etl.transforms.csv.CsvFormats;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The layouts of {@code Music_Info.csv} and {@code User_Listening_History.csv} and their mapping to
 * clean records.
 */
public final class MusicCsv {
  public static final List<String> TRACKS_HEADER =
      List.of(
          "track_id",
          "name",
          "artist",
          "spotify_preview_url",
          "spotify_id",
          "tags",
          "genre",
          "year",
          "duration_ms",
          "danceability",
          "energy",
          "key",
          "loudness",
          "mode",
          "speechiness",
          "acousticness",
          "instrumentalness",
          "liveness",
          "valence",
          "tempo",
          "time_signature");
  public static final List<String> LISTENS_HEADER = List.of("track_id", "user_id", "playcount");

  // Reason codes: part of the output contract.
  public static final String MISSING_TRACK_ID = "missing_track_id";
  public static final String MISSING_USER_ID = "missing_user_id";
  public static final String BAD_NUMBER = "bad_number";
  public static final String BAD_PLAYCOUNT = "bad_playcount";

  private MusicCsv() {}

  public static RowMapper<Track> trackMapper() {
    return MusicCsv::toTrack;
  }

  public static RowMapper<Listen> listenMapper() {
    return MusicCsv::toListen;
  }

  static Track toTrack(String[] f) throws Rejection {
    CsvFormats.rejectRepeatedHeader(f, TRACKS_HEADER);
    String trackId = f[0].trim();
    if (trackId.isEmpty()) {
      throw new Rejection(MISSING_TRACK_ID, "track_id is blank");
    }
    return new Track(
        trackId,
        blankToNull(f[1]),
        blankToNull(f[2]),
        blankToNull(f[3]),
        blankToNull(f[4]),
        tags(f[5]),
        blankToNull(f[6]),
        integer(f, 7),
        integer(f, 8),
        decimal(f, 9),
        decimal(f, 10),
        integer(f, 11),
        decimal(f, 12),
        integer(f, 13),
        decimal(f, 14),
        decimal(f, 15),
        decimal(f, 16),
        decimal(f, 17),
        decimal(f, 18),
        decimal(f, 19),
        integer(f, 20));
  }

  static Listen toListen(String[] f) throws Rejection {
    CsvFormats.rejectRepeatedHeader(f, LISTENS_HEADER);
    String trackId = f[0].trim();
    if (trackId.isEmpty()) {
      throw new Rejection(MISSING_TRACK_ID, "track_id is blank");
    }
    String userId = f[1].trim();
    if (userId.isEmpty()) {
      throw new Rejection(MISSING_USER_ID, "user_id is blank");
    }
    long playcount = playcount(f[2]);
    return new Listen(trackId, userId, playcount);
  }

  /**
   * "rock, indie_rock, 00s" to [rock, indie_rock, 00s]; blank pieces (",,", a trailing comma) are
   * dropped.
   */
  public static List<String> tags(String field) {
    List<String> tags = new ArrayList<>();
    for (String piece : field.split(",")) {
      String tag = piece.trim();
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
    }
    return tags;
  }

  /**
   * A play count: any whole number from 1 to BIGINT's maximum (listens.playcount is BIGINT); the
   * rejection says which of the three rules a value breaks.
   */
  static long playcount(String field) throws Rejection {
    String text = field.trim();
    boolean negative = text.startsWith("-");
    String digits = negative ? text.substring(1) : text;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Rejection(
          BAD_PLAYCOUNT, "playcount '" + field + "' is not a whole number (digits 0-9 only)");
    }
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      if (negative) {
        throw new Rejection(BAD_PLAYCOUNT, "playcount '" + field + "' is below 1");
      }
      throw new Rejection(
          BAD_PLAYCOUNT,
          "playcount '" + field + "' is beyond the BIGINT maximum " + Long.MAX_VALUE);
    }
    if (negative || value < 1) {
      throw new Rejection(BAD_PLAYCOUNT, "playcount '" + field + "' is below 1");
    }
    return value;
  }

  private static Integer integer(String[] f, int column) throws Rejection {
    String text = f[column].trim();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      throw badNumber(f, column, "a whole number");
    }
  }

  private static Double decimal(String[] f, int column) throws Rejection {
    String text = f[column].trim();
    if (text.isEmpty()) {
      return null;
    }
    try {
      // BigDecimal: plain decimal notation only (Double.valueOf would take "NaN", "Infinity", "1d")
      double value = new BigDecimal(text).doubleValue();
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the rejection
    }
    throw badNumber(f, column, "a number");
  }

  private static Rejection badNumber(String[] f, int column, String expected) {
    return new Rejection(
        BAD_NUMBER, TRACKS_HEADER.get(column) + " '" + f[column] + "' is not " + expected);
  }

  private static String blankToNull(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
