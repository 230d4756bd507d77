package dev.etl.transforms.music;

import static dev.etl.transforms.music.SegmentListenersTest.CATALOG;
import static dev.etl.transforms.music.SegmentListenersTest.user;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;

/**
 * The tables derived from merged users: {@link EnrichListens}, {@link RankUserTracks}, {@link
 * SumTrackPlays} and {@link RankTracks}, on a small catalog (T1 Abba/Pop, T2 Beck/Rock, T3 Beck/no
 * genre, T4 no artist/Jazz).
 */
public class UserListensTablesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollection<UserListens> users() {
    return p.apply(
        "Users",
        Create.of(
                user("alice", "T1", 3, "T2", 1, "T3", 2),
                user("bob", "T2", 4, "T4", 1),
                user("carol", "T1", 1))
            .withCoder(UserListens.UserListensCoder.of()));
  }

  private PCollectionView<Map<String, Track>> catalog() {
    return p.apply(
            "Catalog",
            Create.of(CATALOG).withCoder(KvCoder.of(StringUtf8Coder.of(), Track.TrackCoder.of())))
        .apply("ViewCatalog", View.asMap());
  }

  @Test
  public void enrichListensGivesOneRowPerUserAndTrackWithTheTrackColumns() {
    PAssert.that(users().apply(EnrichListens.withCatalog(catalog())))
        .containsInAnyOrder(
            MusicTables.listen("T1", "alice", 3, CATALOG.get("T1")),
            MusicTables.listen("T2", "alice", 1, CATALOG.get("T2")),
            MusicTables.listen("T3", "alice", 2, CATALOG.get("T3")),
            MusicTables.listen("T2", "bob", 4, CATALOG.get("T2")),
            MusicTables.listen("T4", "bob", 1, CATALOG.get("T4")),
            MusicTables.listen("T1", "carol", 1, CATALOG.get("T1")));
    p.run().waitUntilFinish();
  }

  @Test
  public void rankUserTracksKeepsEachUsersTopNWithTiesById() {
    PCollection<UserListens> users =
        p.apply(
            Create.of(user("u", "T9", 2, "T1", 5, "T5", 2, "T3", 1), user("v", "T2", 1))
                .withCoder(UserListens.UserListensCoder.of()));
    PAssert.that(users.apply(RankUserTracks.top(2)))
        .containsInAnyOrder(
            MusicTables.userTopTrack("u", 1, "T1", 5),
            MusicTables.userTopTrack("u", 2, "T5", 2),
            MusicTables.userTopTrack("v", 1, "T2", 1));
    p.run().waitUntilFinish();
    assertThrows(IllegalArgumentException.class, () -> RankUserTracks.top(0));
  }

  @Test
  public void sumTrackPlaysAddsUpOverUsers() {
    PAssert.that(users().apply(SumTrackPlays.create()))
        .containsInAnyOrder(KV.of("T1", 4L), KV.of("T2", 5L), KV.of("T3", 2L), KV.of("T4", 1L));
    p.run().waitUntilFinish();
  }

  @Test
  public void rankTracksByTrackDescribesTheTopTracks() {
    PCollection<KV<String, Long>> plays = users().apply(SumTrackPlays.create());
    PAssert.that(plays.apply(RankTracks.byTrack(2, catalog())))
        .containsInAnyOrder(
            MusicTables.topTrack(1, "T2", 5, CATALOG.get("T2")),
            MusicTables.topTrack(2, "T1", 4, CATALOG.get("T1")));
    p.run().waitUntilFinish();
  }

  @Test
  public void rankTracksByArtistAndGenreSkipsTracksWithoutOne() {
    PCollection<KV<String, Long>> plays = users().apply(SumTrackPlays.create());
    PCollectionView<Map<String, Track>> catalog = catalog();
    // artists: Beck 5 + 2 = 7, Abba 4; T4 has none. Genres: Rock 5, Pop 4, Jazz 1; T3 has none.
    PAssert.that(
            plays.apply(
                "Artists", RankTracks.by(Track::artist, MusicTables.TOP_ARTIST, 5, catalog)))
        .containsInAnyOrder(
            MusicTables.ranked(MusicTables.TOP_ARTIST, 1, "Beck", 7),
            MusicTables.ranked(MusicTables.TOP_ARTIST, 2, "Abba", 4));
    PAssert.that(
            plays.apply("Genres", RankTracks.by(Track::genre, MusicTables.TOP_GENRE, 2, catalog)))
        .containsInAnyOrder(
            MusicTables.ranked(MusicTables.TOP_GENRE, 1, "Rock", 5),
            MusicTables.ranked(MusicTables.TOP_GENRE, 2, "Pop", 4));
    p.run().waitUntilFinish();
  }

  @Test
  public void boundariesAsCountsNameEachBound() {
    assertEquals(
        List.of(KV.of("b:light_max", 2L), KV.of("b:regular_max", 5L), KV.of("b:heavy_max", 9L)),
        new SegmentBoundaries(10, 2, 5, 9).asCounts("b:"));
  }
}
