package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.gaussian;
import static dev.etl.generator.GeneratorSupport.shuffle;
import static dev.etl.generator.GeneratorSupport.streamSeed;
import static dev.etl.generator.LinePlanner.NORMAL;
import static dev.etl.generator.MusicDataGenerator.LISTENS_HEADER;
import static dev.etl.generator.MusicDataGenerator.LISTEN_DEFECT_KINDS;
import static dev.etl.generator.MusicDataGenerator.MERGED_PAIRS;
import static dev.etl.generator.MusicDataGenerator.MERGED_PAIR_RATE;

import dev.etl.generator.GeneratorSupport.Reservoir;
import dev.etl.generator.MusicDataGenerator.Config;
import dev.etl.generator.MusicDataGenerator.Stats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes {@code User_Listening_History.csv} for {@link MusicDataGenerator#writeListens}: users one
 * after the other, each listing Zipf-popular valid tracks once, with repeats (exact or merged) of
 * earlier lines and defects in between. One instance writes one file, as bytes into a buffer.
 */
final class ListeningHistoryWriter {
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

  // line kinds: NORMAL, 1 + index in LISTEN_DEFECT_KINDS, then merges
  private static final int L_EXACT = 1;
  private static final int L_ORPHAN = 2;
  private static final int L_BAD = 3;
  private static final int L_COLUMNS = 4;
  private static final int L_MERGE = 5;

  /** The planted counts by kind - 1: the defect kinds, then the merges. */
  private static final List<String> PLANTED_KINDS =
      Stream.concat(LISTEN_DEFECT_KINDS.stream(), Stream.of(MERGED_PAIRS)).toList();

  private final Bytes w;
  private final long catalogTracks; // orphan track numbers start here: never in the catalog
  private final MusicFormat.TrackIds trackIds;
  private final MusicFormat.UserIds userIds;

  /** By popularity rank: the id of the valid track of that rank. */
  private final byte[][] ids;

  private final ZipfPopularity popularity;
  private final int maxPerUser;
  private final int[] lastUserOfRank; // user number + 1: a user lists a track once
  private final SplittableRandom rng;
  private final SplittableRandom users;
  private final Reservoir<Listen> normals;
  private final byte[] userId = new byte[MusicFormat.UserIds.LENGTH];
  private final byte[] earlierUserId = new byte[MusicFormat.UserIds.LENGTH];
  private final long[] planted = new long[PLANTED_KINDS.size()];
  private int user = -1;
  private int left; // lines the current user has still to write
  private long orphans;

  /** A normal listen line: the track's popularity rank, the user number, the play count. */
  private record Listen(int rank, int user, int playcount) {}

  /** The header and {@code config.listens()} lines: see {@link MusicDataGenerator#writeListens}. */
  static Stats write(OutputStream out, Config config) throws IOException {
    Bytes w = new Bytes(out);
    w.ascii(LISTENS_HEADER);
    w.put('\n');
    long[] planted = new long[PLANTED_KINDS.size()];
    if (config.listens() > 0) { // no catalog to read otherwise
      planted = new ListeningHistoryWriter(config, w).writeLines(config);
    }
    w.flush();
    return new Stats(config.listens(), GeneratorSupport.byKind(PLANTED_KINDS, planted));
  }

  private ListeningHistoryWriter(Config config, Bytes w) {
    long seed = config.seed();
    this.w = w;
    catalogTracks = config.tracks();
    trackIds = new MusicFormat.TrackIds(seed);
    userIds = new MusicFormat.UserIds(seed);
    int[] catalog = TrackCatalogWriter.validTracks(config);
    int tracks = catalog.length;
    // popularity rank -> track: the catalog in a random order
    shuffle(catalog, new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_POPULARITY)));
    ids = new byte[tracks][];
    for (int rank = 0; rank < tracks; rank++) {
      ids[rank] = trackIds.of(catalog[rank]);
    }
    popularity = new ZipfPopularity(tracks, ZIPF_TOP_SHARE);
    maxPerUser = Math.max(1, Math.min(USER_LISTENS_MAX, tracks / 8));
    lastUserOfRank = new int[tracks];
    rng = new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_LISTENS));
    users = new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_USERS));
    normals =
        new Reservoir<>(
            new SplittableRandom(streamSeed(seed, MusicDataGenerator.SALT_LISTEN_DUPLICATES)));
  }

  /** Returns the planted counts (index kind - 1). */
  private long[] writeLines(Config config) throws IOException {
    LinePlanner planner = kinds(config);
    for (long i = 0; i < config.listens(); i++) {
      int kind = planner.next();
      if (kind == L_EXACT || kind == L_MERGE) {
        repeat(kind == L_MERGE);
      } else {
        nextLineOfUser();
        if (kind == L_ORPHAN) {
          // catalog tracks are numbered below config.tracks(): numbers above are never in it
          w.line(trackIds.of(catalogTracks + orphans++), userId, playcount(rng));
        } else {
          listen(kind, newRankOfUser());
        }
      }
      if (kind != NORMAL) {
        planted[kind - 1]++;
      }
    }
    return planted;
  }

  /** The kind of each listen line; repeats (exact or merged) need an unused earlier normal line. */
  private static LinePlanner kinds(Config config) {
    double rate = config.defectRate();
    return new LinePlanner(
        streamSeed(config.seed(), MusicDataGenerator.SALT_LISTEN_KINDS),
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

  /** An earlier normal line again: verbatim, or (a merge) with another play count. */
  private void repeat(boolean merge) throws IOException {
    Listen earlier = normals.take();
    userIds.of(earlier.user(), earlierUserId);
    int playcount = earlier.playcount();
    if (merge) {
      do {
        playcount = playcount(rng);
      } while (playcount == earlier.playcount());
    }
    w.line(ids[earlier.rank()], earlierUserId, playcount);
  }

  /** Moves on to the next user once the current one has written all its lines. */
  private void nextLineOfUser() {
    if (left == 0) {
      user++;
      left = userListens(users, maxPerUser);
      userIds.of(user, userId);
    }
    left--;
  }

  /** A popular track the current user has not listed yet. */
  private int newRankOfUser() {
    int rank;
    do {
      rank = popularity.sample(rng);
    } while (lastUserOfRank[rank] == user + 1);
    lastUserOfRank[rank] = user + 1;
    return rank;
  }

  private void listen(int kind, int rank) throws IOException {
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
    } else {
      shortOrLongLine(ids[rank]);
    }
  }

  private void shortOrLongLine(byte[] trackId) throws IOException {
    double u = rng.nextDouble();
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
    w.number(playcount(rng));
    w.put(',');
    if (u < 0.85) { // a trailing comma
      w.put('\n');
      return;
    }
    w.number(playcount(rng)); // a fourth value
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
