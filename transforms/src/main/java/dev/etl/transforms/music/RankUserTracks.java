package dev.etl.transforms.music;

import dev.etl.transforms.rank.Ranked;
import dev.etl.transforms.rank.TopN;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The {@code user_top_tracks} table: each user's n most played tracks, ranked as {@link TopN} ranks
 * (plays descending, then track id). A user's tracks are already together, so no shuffle.
 */
public final class RankUserTracks
    extends PTransform<PCollection<UserListens>, PCollection<GenericRecord>> {
  private final int topN;

  private RankUserTracks(int topN) {
    this.topN = topN;
  }

  public static RankUserTracks top(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    return new RankUserTracks(n);
  }

  @Override
  public PCollection<GenericRecord> expand(PCollection<UserListens> users) {
    return users
        .apply("ToUserTopTrackRows", ParDo.of(new RankUserTracksFn(topN)))
        .setCoder(AvroCoder.of(MusicTables.USER_TOP_TRACK));
  }

  static final class RankUserTracksFn extends DoFn<UserListens, GenericRecord> {
    private final int topN;

    RankUserTracksFn(int topN) {
      this.topN = topN;
    }

    @ProcessElement
    public void process(@Element UserListens user, OutputReceiver<GenericRecord> out) {
      TopN.Bounded best = new TopN.Bounded(topN);
      for (int i = 0; i < user.trackCount(); i++) {
        best.offer(user.trackId(i), user.plays(i));
      }
      for (Ranked r : best.ranked()) {
        out.output(MusicTables.userTopTrack(user.userId(), r.rank(), r.id(), r.weight()));
      }
    }
  }
}
