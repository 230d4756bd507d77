package dev.etl.transforms.music;

import static org.junit.Assert.assertEquals;

import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.StepResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;

/** {@link SegmentListeners}: favourites with ties, exact quartiles, segments. */
public class SegmentListenersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static Track track(String id, String artist, String genre) {
    return new Track(
        id, "n" + id, artist, null, null, List.of(), genre, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  static final Map<String, Track> CATALOG =
      Map.of(
          "T1", track("T1", "Abba", "Pop"),
          "T2", track("T2", "Beck", "Rock"),
          "T3", track("T3", "Beck", null),
          "T4", track("T4", null, "Jazz"));

  static UserListens user(String id, Object... trackPlays) {
    String[] tracks = new String[trackPlays.length / 2];
    long[] plays = new long[tracks.length];
    for (int i = 0; i < tracks.length; i++) {
      tracks[i] = (String) trackPlays[2 * i];
      plays[i] = ((Number) trackPlays[2 * i + 1]).longValue();
    }
    return new UserListens(id, tracks, plays, 0, 0);
  }

  @Test
  public void favouritesByPlaysWithTiesByName() {
    // Abba 3 vs Beck 1+2 = 3: tie, Abba first by name. Genres: Pop 3, Rock 1 (T3 has none), Jazz 0.
    Listener l = SegmentListeners.profile(user("u", "T1", 3, "T2", 1, "T3", 2), CATALOG);
    assertEquals(new Listener("u", 6, 3, "Abba", "Pop", null), l);
    // Only tracks without artist/genre, or unknown to the catalog: favourites are null.
    assertEquals(
        new Listener("v", 9, 2, null, "Jazz", null),
        SegmentListeners.profile(user("v", "T4", 4, "T404", 5), CATALOG));
    assertEquals(
        new Listener("w", 1, 1, null, null, null),
        SegmentListeners.profile(user("w", "T404", 1), CATALOG));
  }

  @Test
  public void quartilesAreNearestRankAndTiesGoDown() {
    TreeMap<Long, Long> h = new TreeMap<>();
    for (long total = 1; total <= 8; total++) {
      h.put(total, 1L);
    }
    SegmentBoundaries b = SegmentBoundaries.fromHistogram(h);
    assertEquals(new SegmentBoundaries(8, 2, 4, 6), b);
    assertEquals("light", b.segmentOf(2));
    assertEquals("regular", b.segmentOf(3));
    assertEquals("heavy", b.segmentOf(6));
    assertEquals("super", b.segmentOf(7));
    // Half the users at total 1: the light and regular bounds coincide, regular stays empty.
    TreeMap<Long, Long> skewed = new TreeMap<>(Map.of(1L, 5L, 2L, 2L, 10L, 3L));
    assertEquals(new SegmentBoundaries(10, 1, 1, 10), SegmentBoundaries.fromHistogram(skewed));
    assertEquals(
        new SegmentBoundaries(0, 0, 0, 0), SegmentBoundaries.fromHistogram(new TreeMap<>()));
  }

  @Test
  public void segmentsEveryUserByQuartilesOfTotalPlays() {
    PCollectionView<Map<String, Track>> catalog =
        p.apply(
                "Catalog",
                Create.of(CATALOG)
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), Track.TrackCoder.of())))
            .apply(View.asMap());
    List<UserListens> users =
        List.of(
            user("a", "T1", 1),
            user("b", "T1", 1, "T2", 1),
            user("c", "T2", 3),
            user("d", "T2", 2, "T3", 2),
            user("e", "T4", 5),
            user("f", "T1", 6),
            user("g", "T3", 7),
            user("h", "T1", 4, "T2", 4));
    StepResult<Listener> out =
        p.apply("Users", Create.of(users).withCoder(UserListens.UserListensCoder.of()))
            .apply(SegmentListeners.withCatalog(catalog));
    PAssert.that(out.counts().apply(CountLabels.create()))
        .containsInAnyOrder(
            KV.of("segment_boundary:light_max", 2L),
            KV.of("segment_boundary:regular_max", 4L),
            KV.of("segment_boundary:heavy_max", 6L),
            KV.of("segment:light", 2L),
            KV.of("segment:regular", 2L),
            KV.of("segment:heavy", 2L),
            KV.of("segment:super", 2L));
    PAssert.that(out.rejected()).empty();
    PAssert.that(out.good())
        .containsInAnyOrder(
            new Listener("a", 1, 1, "Abba", "Pop", "light"),
            new Listener("b", 2, 2, "Abba", "Pop", "light"),
            new Listener("c", 3, 1, "Beck", "Rock", "regular"),
            new Listener("d", 4, 2, "Beck", "Rock", "regular"),
            new Listener("e", 5, 1, null, "Jazz", "heavy"),
            new Listener("f", 6, 1, "Abba", "Pop", "heavy"),
            new Listener("g", 7, 1, "Beck", null, "super"),
            new Listener("h", 8, 2, "Abba", "Pop", "super"));
    p.run();
  }
}
