package dev.etl.generator;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.etl.generator.MusicDataGenerator.Config;
import dev.etl.generator.MusicDataGenerator.Stats;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.music.MusicCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.BeforeClass;
import org.junit.Test;

public class MusicDataGeneratorTest {
  private static final int TRACKS = 2_000;
  private static final long LISTENS = 50_000;
  private static final Config CONFIG = new Config(TRACKS, LISTENS, 42, 0.004);

  private static final Pattern TRACK_ID = Pattern.compile("TR[0-9A-Z]{16}");
  private static final Pattern USER_ID = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern PREVIEW_URL =
      Pattern.compile("https://p\\.scdn\\.co/mp3-preview/[0-9a-f]{40}\\?cid=[0-9a-f]{32}");
  private static final Pattern SPOTIFY_ID = Pattern.compile("[0-9A-Za-z]{22}");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+");
  private static final Pattern FRACTION = Pattern.compile("0\\.[0-9]{1,6}|1\\.0");
  private static final Pattern AT_MOST_3_DECIMALS = Pattern.compile("-?[0-9]+\\.[0-9]{1,3}");
  private static final Pattern PLAYCOUNT = Pattern.compile("[1-9][0-9]*");
  private static final Set<String> GENRES =
      Set.of(
          "Rock",
          "Pop",
          "Electronic",
          "Metal",
          "Rap",
          "Jazz",
          "RnB",
          "Country",
          "Reggae",
          "Folk",
          "Blues",
          "Punk",
          "World",
          "New Age",
          "Latin");
  // columns that must hold an integer / a decimal number
  private static final int[] INTEGER_COLUMNS = {7, 8, 11, 13, 20};
  private static final int[] DECIMAL_COLUMNS = {9, 10, 12, 14, 15, 16, 17, 18, 19};
  private static final int[] FRACTION_COLUMNS = {9, 10, 14, 15, 16, 17, 18};

  private static byte[] trackBytes;
  private static byte[] listenBytes;
  private static Stats trackStats;
  private static Stats listenStats;
  private static Tracks tracks;
  private static Listens listens;

  @BeforeClass
  public static void generate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    trackStats = MusicDataGenerator.writeTracks(out, CONFIG);
    trackBytes = out.toByteArray();
    out = new ByteArrayOutputStream();
    listenStats = MusicDataGenerator.writeListens(out, CONFIG);
    listenBytes = out.toByteArray();
    tracks = Tracks.of(text(trackBytes));
    listens = Listens.of(text(listenBytes), tracks.catalog);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] tracksOf(Config config) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MusicDataGenerator.writeTracks(out, config);
    return out.toByteArray();
  }

  private static byte[] listensOf(Config config) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MusicDataGenerator.writeListens(out, config);
    return out.toByteArray();
  }

  @Test
  public void defaultsAreTheRealFileSize() {
    Config d = Config.defaults();
    assertEquals(50_683, d.tracks());
    assertEquals(9_711_301L, d.listens());
    assertEquals(42L, d.seed());
    assertEquals(0.001, d.defectRate(), 0);
  }

  @Test
  public void writesHeadersAndOneLinePerRow() {
    assertEquals(
        "track_id,name,artist,spotify_preview_url,spotify_id,tags,genre,year,duration_ms,danceability,energy,key,"
            + "loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature",
        MusicDataGenerator.TRACKS_HEADER);
    assertEquals("track_id,user_id,playcount", MusicDataGenerator.LISTENS_HEADER);
    for (byte[] bytes : List.of(trackBytes, listenBytes)) {
      String text = text(bytes);
      assertTrue(text.endsWith("\n"));
      assertFalse(text.contains("\r"));
    }
    assertTrue(text(trackBytes).startsWith(MusicDataGenerator.TRACKS_HEADER + "\n"));
    assertTrue(text(listenBytes).startsWith(MusicDataGenerator.LISTENS_HEADER + "\n"));
    assertEquals(TRACKS + 1, text(trackBytes).split("\n", -1).length - 1);
    assertEquals(LISTENS + 1, text(listenBytes).split("\n", -1).length - 1);
    assertEquals(TRACKS, trackStats.dataLines());
    assertEquals(LISTENS, listenStats.dataLines());
    assertEquals(TRACKS, tracks.lines.size());
    assertEquals(LISTENS, listens.lines.size());
    assertEquals(
        MusicDataGenerator.TRACK_DEFECT_KINDS, List.copyOf(trackStats.defectsPlanted().keySet()));
    List<String> listenKeys = new ArrayList<>(MusicDataGenerator.LISTEN_DEFECT_KINDS);
    listenKeys.add(MusicDataGenerator.MERGED_PAIRS);
    assertEquals(listenKeys, List.copyOf(listenStats.defectsPlanted().keySet()));
  }

  @Test
  public void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    assertArrayEquals(trackBytes, tracksOf(CONFIG));
    assertArrayEquals(listenBytes, listensOf(CONFIG));
    Config other = new Config(TRACKS, LISTENS, 43, 0.004);
    assertFalse(Arrays.equals(trackBytes, tracksOf(other)));
    assertFalse(Arrays.equals(listenBytes, listensOf(other)));
  }

  @Test
  public void trackLinesAreRfc4180AndRoundTrip() {
    String[] raw = text(trackBytes).split("\n");
    assertEquals(TRACKS + 1, raw.length);
    // no field spans lines, so record i is raw line i; writing it back with minimal quoting gives
    // the line
    for (int i = 0; i < tracks.lines.size(); i++) {
      assertEquals(raw[i + 1], csvLine(tracks.lines.get(i)));
    }
    int comma = 0;
    int quote = 0;
    int nonAscii = 0;
    int cjk = 0;
    int artistComma = 0;
    int artistQuote = 0;
    int artistNonAscii = 0;
    for (String[] f : tracks.clean) {
      assertEquals(MusicDataGenerator.TRACK_COLUMNS, f.length);
      assertFalse(f[1].isEmpty());
      assertFalse(f[2].isEmpty());
      comma += f[1].contains(",") ? 1 : 0;
      quote += f[1].contains("\"") ? 1 : 0;
      nonAscii += f[1].chars().anyMatch(c -> c > 127) ? 1 : 0;
      cjk += f[1].codePoints().anyMatch(c -> c >= 0x3040) ? 1 : 0;
      artistComma += f[2].contains(",") ? 1 : 0;
      artistQuote += f[2].contains("\"") ? 1 : 0;
      artistNonAscii += f[2].chars().anyMatch(c -> c > 127) ? 1 : 0;
    }
    int n = tracks.clean.size();
    assertBetween("names with a comma", comma / (double) n, 0.01, 0.08);
    assertBetween("names with quotes", quote / (double) n, 0.003, 0.04);
    assertBetween("names with non-ASCII", nonAscii / (double) n, 0.015, 0.1);
    assertTrue("CJK names", cjk > 0);
    assertTrue("artists with a comma", artistComma > 0);
    assertTrue("artists with quotes", artistQuote > 0);
    assertBetween("artists with non-ASCII", artistNonAscii / (double) n, 0.02, 0.15);
    String text = text(trackBytes);
    assertTrue(
        "a quoted name with doubled quotes",
        Pattern.compile(",\"[^\",]*\"\"[^\"]+\"\"[^\"]*\",").matcher(text).find());
    assertTrue("a quoted tag list", text.contains(",\"rock, "));
  }

  @Test
  public void trackFieldsHaveTheSourceFormats() {
    for (String[] f : tracks.clean) {
      assertTrue(f[0], TRACK_ID.matcher(f[0]).matches());
      assertTrue(f[3], PREVIEW_URL.matcher(f[3]).matches());
      assertTrue(f[4], SPOTIFY_ID.matcher(f[4]).matches());
      assertTrue(f[6], f[6].isEmpty() || GENRES.contains(f[6]));
      int year = Integer.parseInt(f[7]);
      assertTrue(f[7], year >= 1950 && year <= 2022);
      long duration = Long.parseLong(f[8]);
      assertTrue(f[8], duration >= 60_000 && duration <= 900_000);
      for (int c : FRACTION_COLUMNS) {
        assertTrue(f[c], FRACTION.matcher(f[c]).matches());
      }
      int key = Integer.parseInt(f[11]);
      assertTrue(f[11], key >= 0 && key <= 11);
      assertTrue(f[12], AT_MOST_3_DECIMALS.matcher(f[12]).matches());
      double loudness = Double.parseDouble(f[12]);
      assertTrue(f[12], loudness >= -40 && loudness <= 0);
      assertTrue(f[13], f[13].equals("0") || f[13].equals("1"));
      assertTrue(f[19], AT_MOST_3_DECIMALS.matcher(f[19]).matches());
      double tempo = Double.parseDouble(f[19]);
      assertTrue(f[19], tempo >= 50 && tempo <= 220);
      assertTrue(f[20], Set.of("3", "4", "5").contains(f[20]));
    }
  }

  @Test
  public void trackDistributionsLookLikeTheRealFile() {
    int n = tracks.clean.size();
    long withGenre = tracks.clean.stream().filter(f -> !f[6].isEmpty()).count();
    assertBetween("genre present", withGenre / (double) n, 0.35, 0.55);
    long withTags = tracks.clean.stream().filter(f -> !f[5].isEmpty()).count();
    assertBetween("tags present", withTags / (double) n, 0.96, 0.995);
    Set<String> vocabulary = new HashSet<>();
    for (String[] f : tracks.clean) {
      if (!f[5].isEmpty()) {
        String[] tags = f[5].split(", ");
        assertTrue(f[5], tags.length >= 1 && tags.length <= 8);
        assertEquals(
            "distinct tags " + f[5], tags.length, new HashSet<>(Arrays.asList(tags)).size());
        vocabulary.addAll(Arrays.asList(tags));
      }
    }
    assertBetween("tag vocabulary", vocabulary.size(), 45, 80);
    long modern =
        tracks.clean.stream()
            .map(f -> Integer.parseInt(f[7]))
            .filter(y -> y >= 1990 && y <= 2015)
            .count();
    assertBetween("years 1990-2015", modern / (double) n, 0.6, 0.95);
    long[] durations =
        tracks.clean.stream().mapToLong(f -> Long.parseLong(f[8])).sorted().toArray();
    assertBetween("median duration", durations[n / 2], 200_000, 260_000);
    long fourFour = tracks.clean.stream().filter(f -> f[20].equals("4")).count();
    assertBetween("4/4 share", fourFour / (double) n, 0.8, 0.95);

    Map<String, Integer> byArtist = new HashMap<>();
    tracks.clean.forEach(f -> byArtist.merge(f[2], 1, Integer::sum));
    double expectedArtists = 9_000.0 * TRACKS / 50_683;
    assertBetween("artists", byArtist.size(), 0.75 * expectedArtists, 1.25 * expectedArtists);
    int most = byArtist.values().stream().mapToInt(Integer::intValue).max().getAsInt();
    assertTrue("a prolific artist: " + most, most >= 20);
    long single = byArtist.values().stream().filter(v -> v == 1).count();
    assertTrue("many artists with a single track: " + single, single > byArtist.size() / 5);
  }

  @Test
  public void plantedTrackDefectsAreWhatACheckerFinds() {
    for (String kind : MusicDataGenerator.TRACK_DEFECT_KINDS) {
      long planted = trackStats.defectsPlanted().get(kind);
      assertTrue(kind + " planted " + planted, planted >= 2 && planted <= 25); // ~8 expected
    }
    assertEquals(trackStats.defectsPlanted(), tracks.found);
    long defects = trackStats.defectsPlanted().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(TRACKS - defects, tracks.clean.size());
  }

  @Test
  public void listensReferToTheCatalogExceptPlantedOrphans() {
    assertEquals(tracks.clean.size(), tracks.catalog.size());
    for (String[] f : listens.lines) {
      assertTrue(f[0], TRACK_ID.matcher(f[0]).matches());
      if (f.length > 1) {
        assertTrue(f[1], USER_ID.matcher(f[1]).matches());
      }
    }
    for (String[] f : listens.clean) {
      assertTrue(f[0], tracks.catalog.contains(f[0]));
    }
    // bad and short catalog lines are not valid tracks: nothing listens to them
    Set<String> referenced = new HashSet<>();
    listens.lines.forEach(f -> referenced.add(f[0]));
    for (String[] f : tracks.lines) {
      if (!tracks.catalog.contains(f[0])) {
        assertFalse(f[0], referenced.contains(f[0]));
      }
    }
    assertEquals(
        listenStats.defectsPlanted().get(MusicDataGenerator.ORPHAN_TRACK_ID),
        listens.found.get(MusicDataGenerator.ORPHAN_TRACK_ID));
  }

  @Test
  public void listenDistributionsLookLikeTheRealFile() {
    Map<String, long[]> byTrack = new HashMap<>();
    long plays = 0;
    for (String[] f : listens.clean) {
      long p = Long.parseLong(f[2]);
      long[] v = byTrack.computeIfAbsent(f[0], k -> new long[2]);
      v[0]++;
      v[1] += p;
      plays += p;
    }
    long topLines = byTrack.values().stream().mapToLong(v -> v[0]).max().getAsLong();
    long topPlays = byTrack.values().stream().mapToLong(v -> v[1]).max().getAsLong();
    assertBetween("top track share of lines", topLines / (double) listens.clean.size(), 0.03, 0.08);
    assertBetween("top track share of plays", topPlays / (double) plays, 0.03, 0.08);
    long[] perTrack = byTrack.values().stream().mapToLong(v -> v[1]).sorted().toArray();
    long topTenth = 0;
    for (int i = perTrack.length - 1; i >= perTrack.length - tracks.catalog.size() / 10; i--) {
      topTenth += perTrack[i];
    }
    // a few tracks get most plays (at full size the top 1 % get about 60 %)
    assertBetween("top 10 % of tracks' share of plays", topTenth / (double) plays, 0.5, 0.85);

    int[] playcounts =
        listens.clean.stream().mapToInt(f -> Integer.parseInt(f[2])).sorted().toArray();
    int median = playcounts[playcounts.length / 2];
    assertTrue("median playcount " + median, median == 1 || median == 2);
    assertBetween(
        "playcount 1 share",
        Arrays.stream(playcounts).filter(p -> p == 1).count() / (double) playcounts.length,
        0.5,
        0.65);
    int max = playcounts[playcounts.length - 1];
    assertTrue("long tail: max playcount " + max, max >= 100 && max <= 5_000);
    assertBetween("mean playcount", plays / (double) playcounts.length, 2, 4);

    Set<String> users = new HashSet<>();
    listens.lines.stream().filter(f -> f.length > 1).forEach(f -> users.add(f[1]));
    assertBetween("distinct users", users.size(), LISTENS / 10.1 * 0.85, LISTENS / 10.1 * 1.15);
  }

  @Test
  public void plantedListenDefectsAndMergesAreWhatACheckerFinds() {
    Map<String, Long> planted = listenStats.defectsPlanted();
    for (String kind : MusicDataGenerator.LISTEN_DEFECT_KINDS) {
      long expected =
          (long) (LISTENS * 0.004 * (kind.equals(ParseCsv.WRONG_COLUMN_COUNT) ? 0.5 : 1));
      assertBetween(kind + " planted", planted.get(kind), expected * 0.6, expected * 1.4);
    }
    long merges = planted.get(MusicDataGenerator.MERGED_PAIRS);
    assertBetween("merged pairs", merges, LISTENS * 0.005 * 0.7, LISTENS * 0.005 * 1.3);
    assertEquals(planted, listens.found);
    long defects = MusicDataGenerator.LISTEN_DEFECT_KINDS.stream().mapToLong(planted::get).sum();
    assertEquals(LISTENS - defects - merges, listens.clean.size());
  }

  @Test
  public void defectRateZeroPlantsNothing() throws IOException {
    Config clean = new Config(1_000, 20_000, 7, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stats t = MusicDataGenerator.writeTracks(out, clean);
    Tracks tr = Tracks.of(out.toString(StandardCharsets.UTF_8));
    out = new ByteArrayOutputStream();
    Stats l = MusicDataGenerator.writeListens(out, clean);
    Listens li = Listens.of(out.toString(StandardCharsets.UTF_8), tr.catalog);
    assertEquals(1_000, t.dataLines());
    assertEquals(20_000, l.dataLines());
    assertTrue(t.defectsPlanted().values().stream().allMatch(v -> v == 0));
    assertTrue(tr.found.values().stream().allMatch(v -> v == 0));
    assertEquals(1_000, tr.clean.size());
    for (String kind : MusicDataGenerator.LISTEN_DEFECT_KINDS) {
      assertEquals(kind, 0L, (long) l.defectsPlanted().get(kind));
      assertEquals(kind, 0L, (long) li.found.get(kind));
    }
    // merges are not defects: they stay
    assertTrue(l.defectsPlanted().get(MusicDataGenerator.MERGED_PAIRS) > 0);
    assertEquals(l.defectsPlanted(), li.found);
  }

  @Test
  public void tinyAndEmptyFiles() throws IOException {
    Config empty = new Config(0, 0, 1, 0.1);
    assertEquals(MusicDataGenerator.TRACKS_HEADER + "\n", text(tracksOf(empty)));
    assertEquals(MusicDataGenerator.LISTENS_HEADER + "\n", text(listensOf(empty)));
    // the first track line is always valid, so even a one-track catalog can be listened to
    for (long seed = 0; seed < 20; seed++) {
      Config tiny = new Config(1, 30, seed, 0.25);
      Tracks t = Tracks.of(text(tracksOf(tiny)));
      assertEquals(1, t.clean.size());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Stats stats = MusicDataGenerator.writeListens(out, tiny);
      Listens l = Listens.of(out.toString(StandardCharsets.UTF_8), t.catalog);
      assertEquals(30, l.lines.size());
      assertEquals(stats.defectsPlanted(), l.found);
    }
  }

  @Test
  public void rejectsBadConfigs() {
    for (double rate : new double[] {-0.1, 0.26, Double.NaN}) {
      assertRejected(() -> new Config(10, 10, 1, rate));
    }
    assertRejected(() -> new Config(-1, 0, 1, 0));
    assertRejected(() -> new Config(10, -1, 1, 0));
    assertRejected(() -> new Config(0, 10, 1, 0)); // listens need tracks
  }

  private static void assertRejected(Runnable r) {
    try {
      r.run();
      fail("accepted");
    } catch (IllegalArgumentException expected) {
      assertNotNull(expected.getMessage());
    }
  }

  private static void assertBetween(String what, double value, double low, double high) {
    assertTrue(
        what + " = " + value + " not in [" + low + ", " + high + "]",
        value >= low && value <= high);
  }

  /** RFC 4180 with minimal quoting, as the generator writes it. */
  private static String csvLine(String[] fields) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      String f = fields[i];
      if (f.contains(",") || f.contains("\"")) {
        s.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        s.append(f);
      }
    }
    return s.toString();
  }

  private static List<String[]> parse(String text, String header) throws IOException {
    List<String[]> lines = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
      boolean first = true;
      for (CSVRecord record : parser) {
        if (first) {
          assertEquals(header, String.join(",", record.values()));
          first = false;
        } else {
          lines.add(record.values());
        }
      }
    }
    return lines;
  }

  /**
   * The catalog as a simple checker reads it: Commons CSV (RFC 4180), the column count, numbers
   * that parse, then dedup by track_id (first occurrence wins; equal lines are duplicates,
   * different ones conflicts).
   */
  private static final class Tracks {
    List<String[]> lines;
    final List<String[]> clean = new ArrayList<>();
    final Set<String> catalog = new HashSet<>();
    final Map<String, Long> found = new LinkedHashMap<>();

    static Tracks of(String text) throws IOException {
      Tracks t = new Tracks();
      MusicDataGenerator.TRACK_DEFECT_KINDS.forEach(k -> t.found.put(k, 0L));
      t.lines = parse(text, MusicDataGenerator.TRACKS_HEADER);
      Map<String, String[]> first = new HashMap<>();
      for (String[] f : t.lines) {
        if (f.length != MusicDataGenerator.TRACK_COLUMNS) {
          t.count(ParseCsv.WRONG_COLUMN_COUNT);
        } else if (!numbersParse(f)) {
          t.count(MusicCsv.BAD_NUMBER);
        } else {
          String[] earlier = first.putIfAbsent(f[0], f);
          if (earlier == null) {
            t.clean.add(f);
            t.catalog.add(f[0]);
          } else if (Arrays.equals(earlier, f)) {
            t.count(MusicDataGenerator.EXACT_DUPLICATE);
          } else {
            t.count(DedupByKey.CONFLICTING_DUPLICATE);
          }
        }
      }
      return t;
    }

    private static boolean numbersParse(String[] f) {
      for (int c : INTEGER_COLUMNS) {
        if (!INTEGER.matcher(f[c]).matches()) {
          return false;
        }
      }
      for (int c : DECIMAL_COLUMNS) {
        if (!DECIMAL.matcher(f[c]).matches()) {
          return false;
        }
      }
      return true;
    }

    void count(String reason) {
      found.merge(reason, 1L, Long::sum);
    }
  }

  /**
   * The listening history as a simple checker reads it: the column count, a positive whole
   * playcount, a catalog track, then per (user, track) pair: an identical line is a duplicate, a
   * different playcount a merge.
   */
  private static final class Listens {
    List<String[]> lines;
    final List<String[]> clean = new ArrayList<>();
    final Map<String, Long> found = new LinkedHashMap<>();

    static Listens of(String text, Set<String> catalog) throws IOException {
      Listens l = new Listens();
      MusicDataGenerator.LISTEN_DEFECT_KINDS.forEach(k -> l.found.put(k, 0L));
      l.found.put(MusicDataGenerator.MERGED_PAIRS, 0L);
      l.lines = parse(text, MusicDataGenerator.LISTENS_HEADER);
      Map<String, String[]> firstOfPair = new HashMap<>();
      Map<String, Integer> timesOfPair = new TreeMap<>();
      for (String[] f : l.lines) {
        if (f.length != MusicDataGenerator.LISTEN_COLUMNS) {
          l.count(ParseCsv.WRONG_COLUMN_COUNT);
        } else if (!PLAYCOUNT.matcher(f[2]).matches()) {
          l.count(MusicCsv.BAD_PLAYCOUNT);
        } else if (!catalog.contains(f[0])) {
          l.count(MusicDataGenerator.ORPHAN_TRACK_ID);
        } else {
          String pair = f[0] + "|" + f[1];
          String[] earlier = firstOfPair.putIfAbsent(pair, f);
          if (earlier == null) {
            l.clean.add(f);
          } else {
            assertTrue(
                "a pair appears at most twice", timesOfPair.merge(pair, 1, Integer::sum) == 1);
            l.count(
                Arrays.equals(earlier, f)
                    ? MusicDataGenerator.EXACT_DUPLICATE_LINE
                    : MusicDataGenerator.MERGED_PAIRS);
          }
        }
      }
      return l;
    }

    void count(String reason) {
      found.merge(reason, 1L, Long::sum);
    }
  }
}
