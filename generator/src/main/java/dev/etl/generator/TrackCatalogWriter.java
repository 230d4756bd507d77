package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.clamp;
import static dev.etl.generator.GeneratorSupport.gaussian;
import static dev.etl.generator.GeneratorSupport.streamSeed;
import static dev.etl.generator.LinePlanner.CONFLICTING_COPY;
import static dev.etl.generator.LinePlanner.EXACT_COPY;
import static dev.etl.generator.LinePlanner.NORMAL;
import static dev.etl.generator.MusicDataGenerator.TRACKS_HEADER;
import static dev.etl.generator.MusicDataGenerator.TRACK_COLUMNS;
import static dev.etl.generator.MusicDataGenerator.TRACK_DEFECT_KINDS;
import static dev.etl.generator.MusicFormat.base62;
import static dev.etl.generator.MusicFormat.fixed3;
import static dev.etl.generator.MusicFormat.hex;
import static dev.etl.generator.MusicFormat.sig3;

import dev.etl.generator.GeneratorSupport.Owners;
import dev.etl.generator.GeneratorSupport.Reservoir;
import dev.etl.generator.MusicDataGenerator.Config;
import dev.etl.generator.MusicDataGenerator.Stats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes {@code Music_Info.csv} for {@link MusicDataGenerator#writeTracks}: the kind of each line,
 * normal tracks (an artist's genre, era and sound, then audio features around them), conflicting
 * copies and defects; {@link #validTracks} tells the listens which tracks they may refer to.
 */
final class TrackCatalogWriter {
  private static final double TAGS_SHARE = 0.98;
  private static final double GENRE_SHARE = 0.44;

  private static final String[] BAD_YEARS = {"abc", "20O4", "n/a", "19 85", "unknown"};
  private static final String[] BAD_FRACTIONS = {"high", "0,5", "low", "medium", "?"};
  private static final String[] BAD_DURATIONS = {"3:45", "4m12s", "abc", "n/a"};
  private static final String[] BAD_TEMPOS = {"fast", "120bpm", "~128", "slow"};
  private static final String[] BAD_LOUDNESS = {"-5 dB", "loud", "-6,2", "quiet"};

  // track field positions
  private static final int F_YEAR = 7;
  private static final int F_DURATION = 8;
  private static final int F_DANCEABILITY = 9;
  private static final int F_LOUDNESS = 12;
  private static final int F_TEMPO = 19;

  // line kinds: NORMAL, 1 + index in TRACK_DEFECT_KINDS (EXACT_COPY, CONFLICTING_COPY, then these)
  private static final int T_BAD_NUMBER = 3;
  private static final int T_COLUMNS = 4;

  private TrackCatalogWriter() {}

  /** The header and {@code config.tracks()} lines: see {@link MusicDataGenerator#writeTracks}. */
  static Stats write(OutputStream out, Config config) throws IOException {
    int lines = config.tracks();
    long seed = config.seed();
    Artists artists = new Artists(seed, lines);
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_TRACKS));
    String cid = hex(new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_CID)), 32);
    MusicFormat.TrackIds ids = new MusicFormat.TrackIds(seed);
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    writer.write(TRACKS_HEADER);
    writer.write('\n');
    long[] defects =
        kinds(config)
            .writeCsv(
                writer,
                lines,
                TRACK_DEFECT_KINDS.size(),
                new Reservoir<>(
                    new SplittableRandom(
                        streamSeed(seed, MusicDataGenerator.SALT_TRACK_DUPLICATES))),
                new LinePlanner.CsvLines() {
                  private int next;

                  @Override
                  public String[] normal() {
                    String id = new String(ids.of(next), StandardCharsets.US_ASCII);
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
  private static LinePlanner kinds(Config config) {
    return LinePlanner.csv(
        streamSeed(config.seed(), MusicDataGenerator.SALT_TRACK_KINDS),
        config.defectRate(),
        TRACK_DEFECT_KINDS.size(),
        true);
  }

  /**
   * The numbers of the tracks with a valid catalog line (neither duplicate nor defect), ascending:
   * a replay of the line kinds, without writing.
   */
  static int[] validTracks(Config config) {
    LinePlanner planner = kinds(config);
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

  private static String[] normalTrack(
      String id, int artist, Artists artists, String cid, SplittableRandom r) {
    int genre = artists.genre(artist);
    double[] sound = TrackWords.sound(genre);
    String name = TrackWords.trackName(r);
    String url = "https://p.scdn.co/mp3-preview/" + hex(r, 40) + "?cid=" + cid;
    String spotifyId = base62(r, 22);
    int year = clamp(artists.era(artist) + (int) Math.round(3 * gaussian(r)), 1950, 2022);
    String tags = r.nextDouble() < TAGS_SHARE ? TrackWords.tags(genre, year, r) : "";
    String genreName = "";
    if (r.nextDouble() < GENRE_SHARE) {
      genreName =
          TrackWords.GENRES
              .values()
              .get(r.nextDouble() < 0.92 ? genre : TrackWords.GENRES.pickIndex(r));
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
    double instrumentalness = instrumentalness(sound[4], r);
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

  /** Mostly 0.3 to 0.97 for instrumental genres; else 0 or a trace (a millionth to a hundredth). */
  private static double instrumentalness(double instrumentalShare, SplittableRandom r) {
    if (r.nextDouble() < instrumentalShare) {
      return 0.3 + 0.67 * r.nextDouble();
    } else if (r.nextDouble() < 0.5) {
      return 0;
    }
    return StrictMath.pow(10, -6 + 4 * r.nextDouble());
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

  /**
   * Artists: how many tracks each one has (shuffled over the catalog), and a unique name, genre and
   * era each.
   */
  private static final class Artists {
    /**
     * Tracks per artist: log-normal, ~5.6 on average (50,683 tracks / ~9,000 artists), up to 400.
     */
    private static final double TRACKS_MU = StrictMath.log(2.68);

    private static final double TRACKS_SIGMA = 1.2;
    private static final int TRACKS_MAX = 400;

    private final int[] ofTrack;
    private final String[] names;
    private final byte[] genres;
    private final short[] eras;

    Artists(long seed, int tracks) {
      SplittableRandom rng =
          new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_ARTISTS));
      Owners owners =
          Owners.draw(
              tracks,
              rng,
              r -> {
                long n = Math.round(StrictMath.exp(TRACKS_MU + TRACKS_SIGMA * gaussian(r)));
                return (int) Math.max(1, Math.min(TRACKS_MAX, n));
              });
      ofTrack = owners.ofSlot();
      int count = owners.count();
      names = new String[count];
      genres = new byte[count];
      eras = new short[count];
      Set<String> used = new HashSet<>(); // membership only: no iteration order involved
      for (int a = 0; a < count; a++) {
        names[a] = TrackWords.uniqueArtistName(used, rng);
        genres[a] = (byte) TrackWords.GENRES.pickIndex(rng);
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
}
