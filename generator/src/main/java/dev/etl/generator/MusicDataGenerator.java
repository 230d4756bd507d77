package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.clamp;
import static dev.etl.generator.GeneratorSupport.gaussian;
import static dev.etl.generator.GeneratorSupport.mix64;
import static dev.etl.generator.GeneratorSupport.pick;
import static dev.etl.generator.GeneratorSupport.shuffle;
import static dev.etl.generator.GeneratorSupport.streamSeed;
import static dev.etl.generator.LinePlanner.CONFLICTING_COPY;
import static dev.etl.generator.LinePlanner.EXACT_COPY;
import static dev.etl.generator.LinePlanner.NORMAL;

import dev.etl.generator.GeneratorSupport.Owners;
import dev.etl.generator.GeneratorSupport.Reservoir;
import dev.etl.generator.GeneratorSupport.Weighted;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.music.MusicCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  // ---- distributions -------------------------------------------------------------------------

  private static final Vocabulary WORDS = Vocabulary.load("music-vocabulary.txt");

  /** Per genre: name, weight, sound, tags (see the resource). */
  private static final List<String[]> GENRE_TABLE = WORDS.table("genres", 9);

  private static final Weighted GENRES =
      Weighted.of(
          GENRE_TABLE.stream().map(g -> g[0]).toList(),
          GENRE_TABLE.stream().mapToInt(g -> Integer.parseInt(g[1])).toArray());

  /**
   * Per genre: danceability, energy, acousticness median, speechiness median, P(instrumental),
   * valence.
   */
  private static final double[][] GENRE_SOUND =
      GENRE_TABLE.stream()
          .map(g -> Arrays.stream(g, 2, 8).mapToDouble(Double::parseDouble).toArray())
          .toArray(double[][]::new);

  private static final String[][] GENRE_TAGS =
      GENRE_TABLE.stream().map(g -> g[8].split(" ")).toArray(String[][]::new);
  private static final String[] GENERIC_TAGS = WORDS.words("generic tags");

  /** Tags per tagged track, 1..8. */
  private static final Weighted TAG_COUNTS =
      Weighted.of(List.of(), new int[] {9, 10, 12, 12, 11, 10, 9, 27});

  private static final double TAGS_SHARE = 0.98;
  private static final double GENRE_SHARE = 0.44;

  // words for names

  private static final String[] NOUNS = WORDS.words("nouns");
  private static final String[] ADJECTIVES = WORDS.words("adjectives");
  private static final String[] VERBS = WORDS.words("verbs");
  private static final String[] OBJECTS = WORDS.words("objects");
  private static final String[] STYLES = WORDS.words("styles");
  private static final String[] INTERJECTIONS = WORDS.words("interjections");
  private static final String[] FIRST_NAMES = WORDS.words("first names");
  private static final String[] LAST_NAMES = WORDS.words("last names");
  private static final String[] PLURALS = WORDS.words("plurals");
  private static final String[] NICKNAMES = WORDS.words("nicknames");
  private static final String[] TITLES = WORDS.words("titles");
  private static final String[] PREFIXES = WORDS.words("prefixes");
  private static final String[] DISAMBIGUATIONS = WORDS.words("disambiguations");
  private static final String[] ACCENTED_WORDS = WORDS.words("accented words");
  private static final String[] CJK_TITLES = WORDS.words("cjk titles");
  private static final String[] ACCENTED_ARTISTS = WORDS.words("accented artists");
  private static final String[] ACCENTED_FIRST_NAMES = WORDS.words("accented first names");
  private static final String[] ACCENTED_LAST_NAMES = WORDS.words("accented last names");
  private static final String[] CJK_ARTISTS = WORDS.words("cjk artists");
  private static final String[] JAPANESE_FAMILY_NAMES = WORDS.words("japanese family names");
  private static final String[] JAPANESE_GIVEN_NAMES = WORDS.words("japanese given names");
  private static final String[] KOREAN_FAMILY_NAMES = WORDS.words("korean family names");
  private static final String[] KOREAN_GIVEN_NAMES = WORDS.words("korean given names");

  /** Tracks per artist: log-normal, ~5.6 on average (50,683 tracks / ~9,000 artists), up to 400. */
  private static final double ARTIST_TRACKS_MU = StrictMath.log(2.68);

  private static final double ARTIST_TRACKS_SIGMA = 1.2;
  private static final int ARTIST_TRACKS_MAX = 400;

  private static final String[] BAD_YEARS = {"abc", "20O4", "n/a", "19 85", "unknown"};
  private static final String[] BAD_FRACTIONS = {"high", "0,5", "low", "medium", "?"};
  private static final String[] BAD_DURATIONS = {"3:45", "4m12s", "abc", "n/a"};
  private static final String[] BAD_TEMPOS = {"fast", "120bpm", "~128", "slow"};
  private static final String[] BAD_LOUDNESS = {"-5 dB", "loud", "-6,2", "quiet"};

  // listens

  /**
   * Zipf exponent target: the share of the most popular track among draws. Higher than the ~5 %
   * wanted in the file because a user lists a track at most once, which flattens the top.
   */
  private static final double ZIPF_TOP_SHARE = 0.11;

  /** Lines per user: log-normal, ~10.1 on average (9,711,301 lines / ~962k users). */
  private static final double USER_LISTENS_MU = StrictMath.log(5.5);

  private static final double USER_LISTENS_SIGMA = 1.1;
  private static final int USER_LISTENS_MAX = 1_000;

  private static final double PLAYCOUNT_ONE = 0.575;
  private static final double PLAYCOUNT_TWO = 0.735;
  private static final double PLAYCOUNT_TAIL_ALPHA = 1.6;
  private static final int PLAYCOUNT_MAX = 5_000;
  private static final String[] BAD_PLAYCOUNTS = {"0", "-3", "abc", "", "1.5"};

  // track field positions
  private static final int F_YEAR = 7;
  private static final int F_DURATION = 8;
  private static final int F_DANCEABILITY = 9;
  private static final int F_LOUDNESS = 12;
  private static final int F_TEMPO = 19;

  // track line kinds: NORMAL, 1 + index in TRACK_DEFECT_KINDS (EXACT_COPY, CONFLICTING_COPY, then
  // these)
  private static final int T_BAD_NUMBER = 3;
  private static final int T_COLUMNS = 4;

  // listen line kinds: NORMAL, 1 + index in LISTEN_DEFECT_KINDS, then merges
  private static final int L_EXACT = 1;
  private static final int L_ORPHAN = 2;
  private static final int L_BAD = 3;
  private static final int L_COLUMNS = 4;
  private static final int L_MERGE = 5;

  // independent random streams
  private static final long SALT_TRACK_KINDS = 0x544B494EL;
  private static final long SALT_TRACK_IDS = 0x54524944L;
  private static final long SALT_TRACK_ID_PADDING = 0x54524950L;
  private static final long SALT_ARTISTS = 0x41525453L;
  private static final long SALT_TRACKS = 0x54524B53L;
  private static final long SALT_TRACK_DUPLICATES = 0x54445550L;
  private static final long SALT_CID = 0x43494444L;
  private static final long SALT_LISTEN_KINDS = 0x4C4B494EL;
  private static final long SALT_POPULARITY = 0x504F5055L;
  private static final long SALT_USERS = 0x55534552L;
  private static final long SALT_USER_IDS = 0x55494453L;
  private static final long SALT_LISTENS = 0x4C53544EL;
  private static final long SALT_LISTEN_DUPLICATES = 0x4C445550L;

  private static final char[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private MusicDataGenerator() {}

  // ---- tracks
  // ------------------------------------------------------------------------------------

  /**
   * Writes the catalog: the header and {@code config.tracks()} data lines as UTF-8 with {@code \n}
   * line ends. The stream is flushed, not closed.
   */
  public static Stats writeTracks(OutputStream out, Config config) throws IOException {
    int lines = config.tracks();
    long seed = config.seed();
    Artists artists = new Artists(seed, lines);
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, SALT_TRACKS));
    String cid = hex(new SplittableRandom(streamSeed(seed, SALT_CID)), 32);
    long idKey = streamSeed(seed, SALT_TRACK_IDS);
    long paddingKey = streamSeed(seed, SALT_TRACK_ID_PADDING);
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    writer.write(TRACKS_HEADER);
    writer.write('\n');
    long[] defects =
        trackKinds(config)
            .writeCsv(
                writer,
                lines,
                TRACK_DEFECT_KINDS.size(),
                new Reservoir<>(new SplittableRandom(streamSeed(seed, SALT_TRACK_DUPLICATES))),
                new LinePlanner.CsvLines() {
                  private int next;

                  @Override
                  public String[] normal() {
                    String id =
                        new String(trackId(idKey, paddingKey, next), StandardCharsets.US_ASCII);
                    return normalTrack(id, artists.ofTrack(next++), artists, cid, rng);
                  }

                  @Override
                  public String[] conflicting(String[] original) {
                    return conflictWith(original, rng);
                  }

                  @Override
                  public String[] defective(int kind) {
                    return corrupt(normal(), kind, rng);
                  }
                });
    writer.flush();
    return new Stats(lines, GeneratorSupport.byKind(TRACK_DEFECT_KINDS, defects));
  }

  /** The first line is always normal. */
  private static LinePlanner trackKinds(Config config) {
    return LinePlanner.csv(
        streamSeed(config.seed(), SALT_TRACK_KINDS),
        config.defectRate(),
        TRACK_DEFECT_KINDS.size(),
        true);
  }

  private static String[] normalTrack(
      String id, int artist, Artists artists, String cid, SplittableRandom r) {
    int genre = artists.genre(artist);
    double[] sound = GENRE_SOUND[genre];
    String name = trackName(r);
    String url = "https://p.scdn.co/mp3-preview/" + hex(r, 40) + "?cid=" + cid;
    String spotifyId = base62(r, 22);
    int year = clamp(artists.era(artist) + (int) Math.round(3 * gaussian(r)), 1950, 2022);
    String tags = r.nextDouble() < TAGS_SHARE ? tags(genre, year, r) : "";
    String genreName = "";
    if (r.nextDouble() < GENRE_SHARE) {
      genreName = GENRES.values().get(r.nextDouble() < 0.92 ? genre : GENRES.pickIndex(r));
    }
    long duration = Math.round(230_000 * StrictMath.exp(0.33 * gaussian(r)));
    duration = Math.max(60_000, Math.min(900_000, duration));
    double danceability = clamp(sound[0] + 0.15 * gaussian(r), 0.05, 0.98);
    double energy = clamp(sound[1] + 0.18 * gaussian(r), 0.005, 0.999);
    int key = r.nextInt(12);
    double loudness = clamp(-4.5 - 14 * (1 - energy) + 2.5 * gaussian(r), -40, -0.05);
    int mode = r.nextDouble() < 0.64 ? 1 : 0;
    double speechiness = clamp(sound[3] * StrictMath.exp(0.5 * gaussian(r)), 0.022, 0.96);
    double acousticness = clamp(sound[2] * StrictMath.exp(1.5 * gaussian(r)), 0.000001, 0.996);
    double instrumentalness;
    if (r.nextDouble() < sound[4]) {
      instrumentalness = 0.3 + 0.67 * r.nextDouble();
    } else if (r.nextDouble() < 0.5) {
      instrumentalness = 0;
    } else {
      instrumentalness = StrictMath.pow(10, -6 + 4 * r.nextDouble());
    }
    double liveness = clamp(0.13 * StrictMath.exp(0.55 * gaussian(r)), 0.015, 0.99);
    double valence = clamp(sound[5] + 0.22 * gaussian(r), 0.02, 0.985);
    double tempo = clamp(120 + 28 * gaussian(r), 50, 220);
    double t = r.nextDouble();
    int timeSignature = t < 0.88 ? 4 : t < 0.97 ? 3 : 5;
    return new String[] {
      id,
      name,
      artists.name(artist),
      url,
      spotifyId,
      tags,
      genreName,
      Integer.toString(year),
      Long.toString(duration),
      sig3(danceability),
      sig3(energy),
      Integer.toString(key),
      fixed3(loudness),
      Integer.toString(mode),
      sig3(speechiness),
      sig3(acousticness),
      sig3(instrumentalness),
      sig3(liveness),
      sig3(valence),
      fixed3(tempo),
      Integer.toString(timeSignature)
    };
  }

  /** A copy of an earlier normal line that keeps its track_id but differs in one value. */
  private static String[] conflictWith(String[] original, SplittableRandom r) {
    String[] f = original.clone();
    double which = r.nextDouble();
    if (which < 0.5) {
      int year = Integer.parseInt(original[F_YEAR]);
      do {
        int step = 1 + r.nextInt(5);
        f[F_YEAR] = Integer.toString(clamp(year + (r.nextBoolean() ? step : -step), 1950, 2022));
      } while (f[F_YEAR].equals(original[F_YEAR]));
    } else if (which < 0.75) {
      do {
        f[F_DANCEABILITY] = sig3(0.05 + 0.93 * r.nextDouble());
      } while (f[F_DANCEABILITY].equals(original[F_DANCEABILITY]));
    } else {
      long duration = Long.parseLong(original[F_DURATION]);
      do {
        long step = 1_000 + r.nextInt(30_000);
        f[F_DURATION] =
            Long.toString(
                Math.max(60_000, Math.min(900_000, duration + (r.nextBoolean() ? step : -step))));
      } while (f[F_DURATION].equals(original[F_DURATION]));
    }
    return f;
  }

  private static String[] corrupt(String[] f, int kind, SplittableRandom r) {
    if (kind == T_BAD_NUMBER) {
      switch (r.nextInt(5)) {
        case 0 -> f[F_YEAR] = BAD_YEARS[r.nextInt(BAD_YEARS.length)];
        case 1 -> f[F_DANCEABILITY] = BAD_FRACTIONS[r.nextInt(BAD_FRACTIONS.length)];
        case 2 -> f[F_DURATION] = BAD_DURATIONS[r.nextInt(BAD_DURATIONS.length)];
        case 3 -> f[F_TEMPO] = BAD_TEMPOS[r.nextInt(BAD_TEMPOS.length)];
        default -> f[F_LOUDNESS] = BAD_LOUDNESS[r.nextInt(BAD_LOUDNESS.length)];
      }
      return f;
    }
    if (kind == T_COLUMNS) {
      double u = r.nextDouble();
      int keep = u < 0.6 ? TRACK_COLUMNS - 1 : u < 0.85 ? TRACK_COLUMNS - 2 : 5 + r.nextInt(11);
      return Arrays.copyOf(f, keep);
    }
    throw new IllegalStateException("not a corruption: " + kind);
  }

  private static String tags(int genre, int year, SplittableRandom r) {
    int count = 1 + TAG_COUNTS.pickIndex(r);
    String[] own = GENRE_TAGS[genre];
    String[] chosen = new String[count];
    int n = 0;
    chosen[n++] = r.nextDouble() < 0.9 ? own[0] : own[r.nextInt(own.length)];
    for (int attempt = 0; n < count && attempt < 4 * count; attempt++) {
      double u = r.nextDouble();
      String tag;
      if (u < 0.6) {
        tag = own[r.nextInt(own.length)];
      } else if (u < 0.75) {
        tag = decade(year);
      } else if (u < 0.9) {
        tag = GENERIC_TAGS[r.nextInt(GENERIC_TAGS.length)];
      } else {
        String[] other = GENRE_TAGS[GENRES.pickIndex(r)];
        tag = other[r.nextInt(other.length)];
      }
      boolean seen = false;
      for (int i = 0; i < n; i++) {
        seen |= chosen[i].equals(tag);
      }
      if (!seen) {
        chosen[n++] = tag;
      }
    }
    return String.join(", ", Arrays.copyOf(chosen, n));
  }

  private static String decade(int year) {
    int d = year / 10 % 10;
    return d + "0s";
  }

  // ---- names
  // -------------------------------------------------------------------------------------

  private static String trackName(SplittableRandom r) {
    double u = r.nextDouble();
    String name;
    if (u < 0.007) {
      name = pick(CJK_TITLES, r);
    } else if (u < 0.042) {
      double v = r.nextDouble();
      name =
          v < 0.55
              ? pick(ACCENTED_WORDS, r)
              : v < 0.8
                  ? pick(ADJECTIVES, r) + " " + pick(ACCENTED_WORDS, r)
                  : pick(ACCENTED_WORDS, r) + " " + pick(NOUNS, r);
    } else if (u < 0.072) { // with a comma
      double v = r.nextDouble();
      name =
          v < 0.4
              ? pick(INTERJECTIONS, r) + ", " + pick(VERBS, r) + " " + pick(OBJECTS, r)
              : v < 0.6
                  ? pick(INTERJECTIONS, r) + ", I " + pick(VERBS, r) + " You"
                  : v < 0.8
                      ? pick(NOUNS, r) + ", " + pick(NOUNS, r) + " and " + pick(NOUNS, r)
                      : pick(ADJECTIVES, r) + ", " + pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
    } else if (u < 0.085) { // with quotes (doubled in the file)
      double v = r.nextDouble();
      name =
          v < 0.35
              ? "Say \"" + pick(INTERJECTIONS, r) + "\""
              : v < 0.55
                  ? "The \"" + pick(ADJECTIVES, r) + "\" " + pick(NOUNS, r)
                  : v < 0.75
                      ? "Theme from \"" + pick(ADJECTIVES, r) + " " + pick(NOUNS, r) + "\""
                      : v < 0.9
                          ? "\"" + pick(NOUNS, r) + "\""
                          : "\"" + pick(INTERJECTIONS, r) + ",\" She Said";
    } else {
      double v = r.nextDouble();
      if (v < 0.3) {
        double w = r.nextDouble();
        name = w < 0.5 ? pick(NOUNS, r) : w < 0.8 ? pick(ADJECTIVES, r) : pick(VERBS, r);
      } else if (v < 0.52) {
        name = pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
      } else if (v < 0.6) {
        name =
            r.nextBoolean()
                ? "The " + pick(NOUNS, r)
                : "The " + pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
      } else if (v < 0.68) {
        name = pick(VERBS, r) + " " + pick(OBJECTS, r);
      } else if (v < 0.74) {
        name =
            pick(NOUNS, r)
                + " of "
                + (r.nextBoolean() ? pick(ADJECTIVES, r) + " " : "")
                + pick(NOUNS, r);
      } else if (v < 0.8) {
        double w = r.nextDouble();
        name =
            w < 0.5
                ? "I " + pick(VERBS, r) + " You"
                : w < 0.75 ? "I Can't " + pick(VERBS, r) : "Don't " + pick(VERBS, r) + " Me";
      } else if (v < 0.85) {
        name = pick(NOUNS, r) + " " + pick(NOUNS, r);
      } else if (v < 0.9) {
        name = r.nextBoolean() ? "Song for " + pick(FIRST_NAMES, r) : pick(FIRST_NAMES, r);
      } else if (v < 0.95) {
        name = "My " + pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
      } else {
        name = pick(ADJECTIVES, r) + " " + pick(NOUNS, r) + " " + pick(STYLES, r);
      }
    }
    double s = r.nextDouble();
    if (s < 0.03) {
      name += " (Remix)";
    } else if (s < 0.05) {
      name += " - Live";
    } else if (s < 0.065) {
      name += " (Acoustic)";
    } else if (s < 0.075) {
      name += " (feat. " + pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r) + ")";
    } else if (s < 0.078) {
      name +=
          " (feat. "
              + pick(FIRST_NAMES, r)
              + ", "
              + pick(FIRST_NAMES, r)
              + " & "
              + pick(LAST_NAMES, r)
              + ")";
    }
    return name;
  }

  private static String artistName(SplittableRandom r) {
    double u = r.nextDouble();
    if (u < 0.28) {
      return pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r);
    } else if (u < 0.36) {
      return "The " + pick(PLURALS, r);
    } else if (u < 0.51) {
      return "The " + pick(ADJECTIVES, r) + " " + pick(PLURALS, r);
    } else if (u < 0.63) {
      return pick(ADJECTIVES, r) + " " + pick(PLURALS, r);
    } else if (u < 0.71) {
      return pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
    } else if (u < 0.76) {
      return pick(NOUNS, r) + " " + pick(NOUNS, r);
    } else if (u < 0.81) {
      return pick(NOUNS, r) + pick(NOUNS, r).toLowerCase(java.util.Locale.ROOT);
    } else if (u < 0.85) {
      return pick(PREFIXES, r)
          + " "
          + (r.nextBoolean() ? pick(FIRST_NAMES, r) : pick(LAST_NAMES, r));
    } else if (u < 0.88) {
      return pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r) + " & The " + pick(PLURALS, r);
    } else if (u < 0.935) { // accents
      double v = r.nextDouble();
      return v < 0.2
          ? pick(ACCENTED_ARTISTS, r)
          : v < 0.6
              ? pick(ACCENTED_FIRST_NAMES, r) + " " + pick(LAST_NAMES, r)
              : (r.nextBoolean() ? pick(FIRST_NAMES, r) : pick(ACCENTED_FIRST_NAMES, r))
                  + " "
                  + pick(ACCENTED_LAST_NAMES, r);
    } else if (u < 0.945) { // CJK
      double v = r.nextDouble();
      return v < 0.25
          ? pick(CJK_ARTISTS, r)
          : v < 0.75
              ? pick(JAPANESE_FAMILY_NAMES, r) + pick(JAPANESE_GIVEN_NAMES, r)
              : pick(KOREAN_FAMILY_NAMES, r) + pick(KOREAN_GIVEN_NAMES, r);
    } else if (u < 0.975) { // with a comma
      double v = r.nextDouble();
      return v < 0.3
          ? pick(NOUNS, r) + ", " + pick(NOUNS, r) + " & " + pick(NOUNS, r)
          : v < 0.6
              ? pick(LAST_NAMES, r) + ", " + pick(LAST_NAMES, r) + " & " + pick(LAST_NAMES, r)
              : v < 0.8
                  ? pick(FIRST_NAMES, r) + ", The " + pick(TITLES, r)
                  : pick(LAST_NAMES, r) + ", " + pick(FIRST_NAMES, r);
    } else if (u < 0.985) { // with quotes
      return r.nextBoolean()
          ? pick(FIRST_NAMES, r) + " \"" + pick(NICKNAMES, r) + "\" " + pick(LAST_NAMES, r)
          : "\"" + pick(ADJECTIVES, r) + " " + pick(FIRST_NAMES, r) + "\" " + pick(LAST_NAMES, r);
    } else {
      return pick(PLURALS, r);
    }
  }

  // ---- listens
  // -----------------------------------------------------------------------------------

  /**
   * Writes the listening history: the header and {@code config.listens()} data lines as ASCII with
   * {@code \n} line ends, referring to the tracks {@link #writeTracks} writes for the same config.
   * The stream is flushed, not closed.
   */
  public static Stats writeListens(OutputStream out, Config config) throws IOException {
    long lines = config.listens();
    long seed = config.seed();
    long[] defects = new long[LISTEN_DEFECT_KINDS.size()];
    long merges = 0;
    Bytes w = new Bytes(out);
    w.ascii(LISTENS_HEADER);
    w.put('\n');
    if (lines > 0) {
      int[] catalog = catalog(config);
      int tracks = catalog.length;
      long idKey = streamSeed(seed, SALT_TRACK_IDS);
      long paddingKey = streamSeed(seed, SALT_TRACK_ID_PADDING);
      // popularity rank -> track: the catalog in a random order
      shuffle(catalog, new SplittableRandom(streamSeed(seed, SALT_POPULARITY)));
      byte[][] ids = new byte[tracks][];
      for (int rank = 0; rank < tracks; rank++) {
        ids[rank] = trackId(idKey, paddingKey, catalog[rank]);
      }
      Popularity popularity = new Popularity(tracks, ZIPF_TOP_SHARE);
      int maxPerUser = Math.max(1, Math.min(USER_LISTENS_MAX, tracks / 8));
      int[] lastUserOfRank = new int[tracks]; // user number + 1: a user lists a track once

      LinePlanner planner = listenKinds(config);
      SplittableRandom rng = new SplittableRandom(streamSeed(seed, SALT_LISTENS));
      SplittableRandom users = new SplittableRandom(streamSeed(seed, SALT_USERS));
      Reservoir<Listen> normals =
          new Reservoir<>(new SplittableRandom(streamSeed(seed, SALT_LISTEN_DUPLICATES)));
      long userKey = streamSeed(seed, SALT_USER_IDS);
      byte[] userId = new byte[40];
      byte[] earlierUserId = new byte[40];
      int user = -1;
      int left = 0;
      long orphans = 0;
      for (long i = 0; i < lines; i++) {
        int kind = planner.next();
        if (kind == L_EXACT || kind == L_MERGE) {
          Listen repeated = normals.take();
          userId(userKey, repeated.user(), earlierUserId);
          int playcount = repeated.playcount();
          if (kind == L_MERGE) {
            int earlier = playcount;
            do {
              playcount = playcount(rng);
            } while (playcount == earlier);
            merges++;
          } else {
            defects[L_EXACT - 1]++;
          }
          w.line(ids[repeated.rank()], earlierUserId, playcount);
          continue;
        }
        if (left == 0) {
          user++;
          left = userListens(users, maxPerUser);
          userId(userKey, user, userId);
        }
        left--;
        if (kind == L_ORPHAN) {
          // catalog tracks are numbered below config.tracks(): numbers above are never in it
          w.line(trackId(idKey, paddingKey, config.tracks() + orphans++), userId, playcount(rng));
          defects[L_ORPHAN - 1]++;
          continue;
        }
        int rank;
        do {
          rank = popularity.sample(rng);
        } while (lastUserOfRank[rank] == user + 1);
        lastUserOfRank[rank] = user + 1;
        if (kind == NORMAL) {
          int playcount = playcount(rng);
          w.line(ids[rank], userId, playcount);
          normals.offer(new Listen(rank, user, playcount));
        } else if (kind == L_BAD) {
          w.put(ids[rank]);
          w.put(',');
          w.put(userId);
          w.put(',');
          w.ascii(BAD_PLAYCOUNTS[rng.nextInt(BAD_PLAYCOUNTS.length)]);
          w.put('\n');
          defects[L_BAD - 1]++;
        } else {
          shortOrLongLine(w, ids[rank], userId, rng);
          defects[L_COLUMNS - 1]++;
        }
      }
    }
    w.flush();
    Map<String, Long> counts = GeneratorSupport.byKind(LISTEN_DEFECT_KINDS, defects);
    counts.put(MERGED_PAIRS, merges);
    return new Stats(lines, counts);
  }

  private static void shortOrLongLine(Bytes w, byte[] trackId, byte[] userId, SplittableRandom r)
      throws IOException {
    double u = r.nextDouble();
    w.put(trackId);
    if (u < 0.1) { // the track id alone
      w.put('\n');
      return;
    }
    w.put(',');
    w.put(userId);
    if (u < 0.65) { // no playcount
      w.put('\n');
      return;
    }
    w.put(',');
    w.number(playcount(r));
    w.put(',');
    if (u < 0.85) { // a trailing comma
      w.put('\n');
      return;
    }
    w.number(playcount(r)); // a fourth value
    w.put('\n');
  }

  /** 1 (57.5 %), 2 (16 %), else a discrete Pareto tail from 3 up to {@link #PLAYCOUNT_MAX}. */
  private static int playcount(SplittableRandom r) {
    double u = r.nextDouble();
    if (u < PLAYCOUNT_ONE) {
      return 1;
    }
    if (u < PLAYCOUNT_TWO) {
      return 2;
    }
    double tail = 3 * StrictMath.pow(1.0 - r.nextDouble(), -1 / PLAYCOUNT_TAIL_ALPHA);
    return (int) Math.min(PLAYCOUNT_MAX, StrictMath.floor(tail));
  }

  private static int userListens(SplittableRandom r, int max) {
    long n = Math.round(StrictMath.exp(USER_LISTENS_MU + USER_LISTENS_SIGMA * gaussian(r)));
    return (int) Math.max(1, Math.min(max, n));
  }

  /** A normal listen line: the track's popularity rank, the user number, the play count. */
  private record Listen(int rank, int user, int playcount) {}

  /** The kind of each listen line; repeats (exact or merged) need an unused earlier normal line. */
  private static LinePlanner listenKinds(Config config) {
    double rate = config.defectRate();
    return new LinePlanner(
        streamSeed(config.seed(), SALT_LISTEN_KINDS),
        u -> {
          if (u < rate) {
            return L_EXACT;
          } else if (u < 2 * rate) {
            return L_ORPHAN;
          } else if (u < 3 * rate) {
            return L_BAD;
          } else if (u < 3.5 * rate) {
            return L_COLUMNS;
          } else if (u < 3.5 * rate + MERGED_PAIR_RATE) {
            return L_MERGE;
          }
          return NORMAL;
        },
        kind -> kind == L_EXACT || kind == L_MERGE,
        false);
  }

  /**
   * The numbers of the tracks with a valid catalog line (neither duplicate nor defect), ascending.
   */
  private static int[] catalog(Config config) {
    LinePlanner planner = trackKinds(config);
    int[] valid = new int[config.tracks()];
    int n = 0;
    int next = 0;
    for (int i = 0; i < config.tracks(); i++) {
      int kind = planner.next();
      if (kind == EXACT_COPY || kind == CONFLICTING_COPY) {
        continue;
      }
      if (kind == NORMAL) {
        valid[n++] = next;
      }
      next++;
    }
    return Arrays.copyOf(valid, n);
  }

  // ---- ids and fields
  // ----------------------------------------------------------------------------

  /**
   * {@code TR} and 16 of {@code [0-9A-Z]}. The last 12 characters and one of the others encode a
   * bijective mix of the track number, so different numbers always give different ids.
   */
  private static byte[] trackId(long idKey, long paddingKey, long track) {
    long v = mix64(idKey + track);
    long pad = mix64(paddingKey + track);
    byte[] b = new byte[18];
    b[0] = 'T';
    b[1] = 'R';
    for (int p = 17; p >= 6; p--) {
      b[p] = (byte) BASE36[(int) Long.remainderUnsigned(v, 36)];
      v = Long.divideUnsigned(v, 36);
    }
    // v is now below 4 (2^64 < 4 * 36^12)
    pad >>>= 1;
    b[2] = (byte) BASE36[(int) (pad % 36)];
    pad /= 36;
    b[3] = (byte) BASE36[(int) (pad % 36)];
    pad /= 36;
    b[4] = (byte) BASE36[(int) (v + 4 * (pad % 9))];
    pad /= 9;
    b[5] = (byte) BASE36[(int) (pad % 36)];
    return b;
  }

  /** 40 lowercase hex digits; the middle 16 are a bijective mix of the user number. */
  private static void userId(long userKey, long user, byte[] into) {
    long unique = mix64(userKey + user);
    long a = mix64(unique ^ 0x6A09E667F3BCC909L);
    long c = mix64(unique ^ 0xBB67AE8584CAA73BL);
    putHex(into, 0, a, 16);
    putHex(into, 16, unique, 16);
    putHex(into, 32, c, 8);
  }

  private static void putHex(byte[] into, int at, long value, int digits) {
    for (int i = at + digits - 1; i >= at; i--) {
      into[i] = HEX[(int) (value & 15)];
      value >>>= 4;
    }
  }

  private static String hex(SplittableRandom r, int digits) {
    char[] c = new char[digits];
    for (int i = 0; i < digits; i++) {
      c[i] = (char) HEX[r.nextInt(16)];
    }
    return new String(c);
  }

  private static String base62(SplittableRandom r, int digits) {
    char[] c = new char[digits];
    for (int i = 0; i < digits; i++) {
      c[i] = BASE62[r.nextInt(62)];
    }
    return new String(c);
  }

  /** Three significant digits, at most six decimals, at least one ({@code 0.0}, {@code 0.0746}). */
  static String sig3(double value) {
    if (!(value > 0)) {
      return "0.0";
    }
    for (int d = 3; d < 6; d++) {
      long scaled = Math.round(value * POW10[d]);
      if (scaled >= 100) {
        return decimal(scaled, d);
      }
    }
    return decimal(Math.round(value * POW10[6]), 6);
  }

  /** At most three decimals, at least one ({@code -4.36}, {@code 148.114}, {@code 120.0}). */
  static String fixed3(double value) {
    return decimal(Math.round(value * 1000), 3);
  }

  private static String decimal(long scaled, int decimals) {
    StringBuilder s = new StringBuilder(12);
    if (scaled < 0) {
      s.append('-');
      scaled = -scaled;
    }
    long unit = POW10[decimals];
    s.append(scaled / unit);
    long frac = scaled % unit;
    s.append('.');
    if (frac == 0) {
      return s.append('0').toString();
    }
    int digits = decimals;
    while (frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    String f = Long.toString(frac);
    for (int i = f.length(); i < digits; i++) {
      s.append('0');
    }
    return s.append(f).toString();
  }

  /**
   * Zipf popularity over ranks {@code 0..n-1}: weight {@code (rank + 1)^-s}, with {@code s} chosen
   * so that rank 0 gets {@code topShare} of the draws whatever {@code n} (uniform when {@code n} is
   * too small for that).
   */
  private static final class Popularity {
    private final double[] cumulative;

    Popularity(int n, double topShare) {
      double s = exponent(n, topShare);
      cumulative = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += StrictMath.pow(i + 1, -s);
        cumulative[i] = sum;
      }
    }

    int sample(SplittableRandom r) {
      double x = r.nextDouble() * cumulative[cumulative.length - 1];
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] > x) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    private static double exponent(int n, double topShare) {
      if (1.0 / n >= topShare) {
        return 0;
      }
      double lo = 0;
      double hi = 8;
      for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (1 / harmonic(n, mid) < topShare) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return (lo + hi) / 2;
    }

    /** Sum of {@code i^-s} for i = 1..n: exact up to 2,000, then the midpoint integral. */
    private static double harmonic(int n, double s) {
      int exact = Math.min(n, 2_000);
      double h = 0;
      for (int i = exact; i >= 1; i--) {
        h += StrictMath.pow(i, -s);
      }
      if (n > exact) {
        double a = exact + 0.5;
        double b = n + 0.5;
        h +=
            StrictMath.abs(1 - s) < 1e-12
                ? StrictMath.log(b / a)
                : (StrictMath.pow(b, 1 - s) - StrictMath.pow(a, 1 - s)) / (1 - s);
      }
      return h;
    }
  }

  /**
   * Artists: how many tracks each one has (shuffled over the catalog), and a unique name, genre and
   * era each.
   */
  private static final class Artists {
    private final int[] ofTrack;
    private final String[] names;
    private final byte[] genres;
    private final short[] eras;

    Artists(long seed, int tracks) {
      SplittableRandom rng = new SplittableRandom(streamSeed(seed, SALT_ARTISTS));
      Owners owners =
          Owners.draw(
              tracks,
              rng,
              r -> {
                long n =
                    Math.round(
                        StrictMath.exp(ARTIST_TRACKS_MU + ARTIST_TRACKS_SIGMA * gaussian(r)));
                return (int) Math.max(1, Math.min(ARTIST_TRACKS_MAX, n));
              });
      ofTrack = owners.ofSlot();
      int count = owners.count();
      names = new String[count];
      genres = new byte[count];
      eras = new short[count];
      Set<String> used = new HashSet<>(); // membership only: no iteration order involved
      for (int a = 0; a < count; a++) {
        String name = artistName(rng);
        for (int attempt = 0; !used.add(name); attempt++) {
          name = attempt < 20 ? artistName(rng) : name + " " + pick(DISAMBIGUATIONS, rng);
        }
        names[a] = name;
        genres[a] = (byte) GENRES.pickIndex(rng);
        // most careers centre on 1990-2015, later years more likely; the rest anywhere in 1950-2022
        eras[a] =
            (short)
                (rng.nextDouble() < 0.8
                    ? 1988 + (int) StrictMath.floor(27 * StrictMath.sqrt(rng.nextDouble()))
                    : 1950 + rng.nextInt(73));
      }
    }

    int ofTrack(int track) {
      return ofTrack[track];
    }

    String name(int artist) {
      return names[artist];
    }

    int genre(int artist) {
      return genres[artist];
    }

    int era(int artist) {
      return eras[artist];
    }
  }

  /** An ASCII line buffer over the output stream. */
  private static final class Bytes {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;

    Bytes(OutputStream out) {
      this.out = out;
    }

    void line(byte[] trackId, byte[] userId, int playcount) throws IOException {
      if (n + 80 > buf.length) {
        drain();
      }
      System.arraycopy(trackId, 0, buf, n, trackId.length);
      n += trackId.length;
      buf[n++] = ',';
      System.arraycopy(userId, 0, buf, n, userId.length);
      n += userId.length;
      buf[n++] = ',';
      digits(playcount);
      buf[n++] = '\n';
    }

    void put(char c) throws IOException {
      if (n == buf.length) {
        drain();
      }
      buf[n++] = (byte) c;
    }

    void put(byte[] b) throws IOException {
      if (n + b.length > buf.length) {
        drain();
      }
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
    }

    void ascii(String s) throws IOException {
      put(s.getBytes(StandardCharsets.US_ASCII));
    }

    void number(int value) throws IOException {
      if (n + 12 > buf.length) {
        drain();
      }
      digits(value);
    }

    private void digits(int value) {
      if (value < 0) {
        buf[n++] = '-';
        value = -value;
      }
      int start = n;
      do {
        buf[n++] = (byte) ('0' + value % 10);
        value /= 10;
      } while (value > 0);
      for (int i = start, j = n - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
    }

    private void drain() throws IOException {
      out.write(buf, 0, n);
      n = 0;
    }

    void flush() throws IOException {
      drain();
      out.flush();
    }
  }
}
