package dev.etl.generator;

import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.music.MusicCsv;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, synthetic pair of files that imitates the Kaggle "Million Song Dataset +
 * Spotify + Last.fm" data: the track catalog {@code Music_Info.csv} and the play counts {@code
 * User_Listening_History.csv}, quirks included, plus a known number of planted defects.
 *
 * <p><b>Music_Info.csv</b> ({@link #TRACKS_HEADER}, 21 columns): MSD-style track ids ({@code TR}
 * and 16 of {@code [0-9A-Z]}); names and artists with commas, doubled quotes, accents and some CJK
 * (quoted per RFC 4180 when they hold a comma or a quote); about 9,000 artists per 50,683 tracks,
 * skewed (a few artists have a hundred tracks or more); Spotify preview URLs and ids; a quoted,
 * comma-separated tag list on ~98 % of tracks; a genre on ~44 %; years 1950-2022 (mostly
 * 1990-2015); Spotify audio features with three significant digits (at most six decimals). An
 * artist keeps its genre, era and sound, so the columns correlate the way real ones do.
 *
 * <p><b>User_Listening_History.csv</b> ({@link #LISTENS_HEADER}): one line per (user, track) pair,
 * grouped by user; about {@code listens / 10.1} users with 40-hex-digit ids; track popularity is
 * Zipf-like (the top track has ~5 % of all lines and plays at any size; at full size the top 1 % of
 * tracks have ~60 % of the plays); play counts are mostly 1 or 2 with a long tail up to 5,000.
 * About {@link #MERGED_PAIR_RATE} of the lines repeat an earlier (user, track) pair with a
 * different play count, which a pipeline is expected to merge; they are counted as {@link
 * #MERGED_PAIRS}, not as defects. Listens only refer to tracks whose catalog line is valid (not a
 * bad or short line).
 *
 * <p>Defects replace normal lines, each kind with probability {@code defectRate} per line (short
 * listen rows with half that). Every defect line has exactly one problem, so it is rejected (or
 * deduplicated) for exactly that reason and the planted counts are exact:
 *
 * <ul>
 *   <li>tracks, {@link #TRACK_DEFECT_KINDS}: {@code exact_duplicate} (an earlier normal line
 *       verbatim), {@code conflicting_duplicate} (an earlier normal line's track_id with a
 *       different year, danceability or duration; each original is reused at most once, by one of
 *       the two kinds), {@code bad_number} (one numeric field unparseable: {@code abc}, {@code
 *       high}, {@code 0,5}, {@code 3:45}, ...), {@code wrong_column_count} (the row lacks fields);
 *   <li>listens, {@link #LISTEN_DEFECT_KINDS}: {@code exact_duplicate_line} (an earlier normal line
 *       verbatim), {@code orphan_track_id} (a well-formed track id that is not in the catalog, each
 *       one different), {@code bad_playcount} ({@code 0}, {@code -3}, {@code abc}, blank, {@code
 *       1.5}), {@code wrong_column_count} (2 or 4 fields, or 1). Orphan, bad and short lines use
 *       (user, track) pairs that appear nowhere else.
 * </ul>
 *
 * <p>Determinism: all randomness comes from {@link SplittableRandom}s seeded from {@link
 * Config#seed()}, floating-point math uses {@link StrictMath}, and no hash iteration order is
 * involved, so one config always gives the same bytes; both files derive track ids from the seed
 * and the track's number, so the listens of a config refer to the tracks of the same config.
 * Memory: an {@code int} or two per track and a bounded sample of earlier lines to repeat; the
 * listens are written as bytes straight into a buffer.
 *
 * <p>Where things are: {@link TrackCatalogWriter} writes the catalog (line kinds, normal tracks,
 * artists, conflicting copies, defects) with the words of {@link TrackWords} (genres, tags, track
 * and artist names); {@link ListeningHistoryWriter} writes the listens (users, repeats, defects,
 * the byte buffer) with the popularity of {@link ZipfPopularity}; {@link MusicFormat} spells ids
 * and numbers for both. {@link LinePlanner} and {@link GeneratorSupport} are shared with {@link
 * BankDataGenerator}.
 */
public final class MusicDataGenerator {
  /** The headers and column counts the music job expects. */
  public static final String TRACKS_HEADER = String.join(",", MusicCsv.TRACKS_HEADER);

  public static final String LISTENS_HEADER = String.join(",", MusicCsv.LISTENS_HEADER);
  public static final int TRACK_COLUMNS = MusicCsv.TRACKS_HEADER.size();
  public static final int LISTEN_COLUMNS = MusicCsv.LISTENS_HEADER.size();

  /** Not a reason code: the job counts exact duplicates as duplicates. */
  public static final String EXACT_DUPLICATE = "exact_duplicate";

  /**
   * The track defect kinds, in the order of {@link Stats#defectsPlanted()} of {@link #writeTracks}:
   * besides exact duplicates, the reason codes the music job gives those lines. The order is part
   * of the output (line kinds are drawn by index).
   */
  public static final List<String> TRACK_DEFECT_KINDS =
      List.of(
          EXACT_DUPLICATE,
          DedupByKey.CONFLICTING_DUPLICATE,
          MusicCsv.BAD_NUMBER,
          ParseCsv.WRONG_COLUMN_COUNT);

  /** Not a reason code: the job counts exact duplicate listen lines as duplicates. */
  public static final String EXACT_DUPLICATE_LINE = "exact_duplicate_line";

  /** A listen of a track that is not in the catalog: the job's {@code unknown_track_id}. */
  public static final String ORPHAN_TRACK_ID = "orphan_track_id";

  /**
   * The listen defect kinds, in the order of {@link Stats#defectsPlanted()} of {@link
   * #writeListens}.
   */
  public static final List<String> LISTEN_DEFECT_KINDS =
      List.of(
          EXACT_DUPLICATE_LINE,
          ORPHAN_TRACK_ID,
          MusicCsv.BAD_PLAYCOUNT,
          ParseCsv.WRONG_COLUMN_COUNT);

  /**
   * Not a defect: listen lines that repeat an earlier (user, track) pair with a different play
   * count. Reported after the defect kinds in the listens' {@link Stats#defectsPlanted()}.
   */
  public static final String MERGED_PAIRS = "merged_pairs";

  /** Share of listen lines that are {@link #MERGED_PAIRS}, whatever the defect rate. */
  public static final double MERGED_PAIR_RATE = 0.005;

  /** Generation parameters. {@code defectRate} is the share of lines per defect kind. */
  public record Config(int tracks, long listens, long seed, double defectRate) {
    /** Listens are limited so that user numbers fit an {@code int}. */
    public static final long MAX_LISTENS = Integer.MAX_VALUE - 16;

    public Config {
      if (tracks < 0) {
        throw new IllegalArgumentException("tracks must not be negative: " + tracks);
      }
      if (listens < 0 || listens > MAX_LISTENS) {
        throw new IllegalArgumentException(
            "listens must be in [0, " + MAX_LISTENS + "]: " + listens);
      }
      if (listens > 0 && tracks == 0) {
        throw new IllegalArgumentException("listens need at least one track");
      }
      if (!(defectRate >= 0 && defectRate * TRACK_DEFECT_KINDS.size() <= 1)) {
        throw new IllegalArgumentException(
            "defectRate must be in [0, 1/" + TRACK_DEFECT_KINDS.size() + "]: " + defectRate);
      }
    }

    /**
     * The size of the real files: 50,683 tracks, 9,711,301 listens, seed 42, 0.1 % per defect kind.
     */
    public static Config defaults() {
      return new Config(50_683, 9_711_301, 42, 0.001);
    }
  }

  /** What was written: data lines (header excluded) and planted defects (and merges) by kind. */
  public record Stats(long dataLines, Map<String, Long> defectsPlanted) {
    public Stats {
      defectsPlanted = Collections.unmodifiableMap(new LinkedHashMap<>(defectsPlanted));
    }
  }

  // One salt per independent random stream, all here so that no two streams share one.
  static final long SALT_TRACK_KINDS = 0x544B494EL;
  static final long SALT_TRACK_IDS = 0x54524944L;
  static final long SALT_TRACK_ID_PADDING = 0x54524950L;
  static final long SALT_ARTISTS = 0x41525453L;
  static final long SALT_TRACKS = 0x54524B53L;
  static final long SALT_TRACK_DUPLICATES = 0x54445550L;
  static final long SALT_CID = 0x43494444L;
  static final long SALT_LISTEN_KINDS = 0x4C4B494EL;
  static final long SALT_POPULARITY = 0x504F5055L;
  static final long SALT_USERS = 0x55534552L;
  static final long SALT_USER_IDS = 0x55494453L;
  static final long SALT_LISTENS = 0x4C53544EL;
  static final long SALT_LISTEN_DUPLICATES = 0x4C445550L;

  private MusicDataGenerator() {}

  /**
   * Writes the catalog: the header and {@code config.tracks()} data lines as UTF-8 with {@code \n}
   * line ends. The stream is flushed, not closed.
   */
  public static Stats writeTracks(OutputStream out, Config config) throws IOException {
    return TrackCatalogWriter.write(out, config);
  }

  /**
   * Writes the listening history: the header and {@code config.listens()} data lines as ASCII with
   * {@code \n} line ends, referring to the tracks {@link #writeTracks} writes for the same config.
   * The stream is flushed, not closed.
   */
  public static Stats writeListens(OutputStream out, Config config) throws IOException {
    return ListeningHistoryWriter.write(out, config);
  }
}
