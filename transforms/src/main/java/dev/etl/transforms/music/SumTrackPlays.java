package dev.etl.transforms.music;

import dev.etl.transforms.core.KeyBuckets;
import dev.etl.transforms.core.SumByKeyBuckets;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Plays per track over all users, as (track id, plays), summed over buckets of track ids ({@link
 * SumByKeyBuckets}). Summed within a bundle first: one element per track and bundle, not per
 * listen. Batch only: the per-bundle sums are emitted in the global window at its end.
 */
public final class SumTrackPlays
    extends PTransform<PCollection<UserListens>, PCollection<KV<String, Long>>> {
  private final int buckets;

  public static SumTrackPlays create() {
    return new SumTrackPlays(KeyBuckets.DEFAULT_BUCKETS);
  }

  public SumTrackPlays withBuckets(int buckets) {
    return new SumTrackPlays(buckets);
  }

  private SumTrackPlays(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<UserListens> users) {
    return users
        .apply("SumPerBundle", ParDo.of(new TrackPlaysFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("SumPerTrack", SumByKeyBuckets.of(buckets));
  }

  static final class TrackPlaysFn extends DoFn<UserListens, KV<String, Long>> {
    private transient Map<String, Long> plays;

    @StartBundle
    public void start() {
      plays = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element UserListens user) {
      for (int i = 0; i < user.trackCount(); i++) {
        plays.merge(user.trackId(i), user.plays(i), Math::addExact);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      plays.forEach(
          (track, sum) ->
              c.output(
                  KV.of(track, sum), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    }
  }
}
