package dev.etl.transforms.music;

import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.SideInputCache;
import dev.etl.transforms.core.StepResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Listener segmentation: per user total plays, distinct tracks, favourite artist and genre (by
 * plays, ties by name, tracks without one ignored), and an intensity segment from the quartiles of
 * total plays over all users ({@link SegmentBoundaries}). The quartiles are exact: a histogram of
 * totals (a few thousand distinct values for a million users) is built per bundle and combined, so
 * the result is the same on every runner, which approximate quantiles do not promise. Batch only:
 * the per-bundle histograms are emitted in the global window at its end.
 */
public class SegmentListeners extends PTransform<PCollection<UserListens>, StepResult<Listener>> {
  private final PCollectionView<Map<String, Track>> catalog;

  private SegmentListeners(PCollectionView<Map<String, Track>> catalog) {
    this.catalog = catalog;
  }

  /** {@code catalog}: tracks by id, for the artist and genre of each listened track. */
  public static SegmentListeners withCatalog(PCollectionView<Map<String, Track>> catalog) {
    return new SegmentListeners(catalog);
  }

  /** The count label of a segment's users: this prefix and the segment's name. */
  public static final String SEGMENT_COUNT = "segment:";

  /** The count labels of the quartile bounds: this prefix and the bound's name. */
  public static final String BOUNDARY_COUNT = "segment_boundary:";

  /**
   * The segmented listeners, and as counts the users per segment and the bounds (see {@link
   * SegmentBoundaries#asCounts}); nothing is rejected.
   */
  @Override
  public StepResult<Listener> expand(PCollection<UserListens> users) {
    PCollection<Listener> profiles =
        users
            .apply("ProfileListeners", ParDo.of(new ProfileFn(catalog)).withSideInputs(catalog))
            .setCoder(Listener.ListenerCoder.of());
    PCollection<SegmentBoundaries> boundaries =
        profiles
            .apply("CountUsersByTotalPlays", ParDo.of(new HistogramFn()))
            .setCoder(MapCoder.of(VarLongCoder.of(), VarLongCoder.of()))
            .apply("ComputeQuartiles", Combine.globally(new BoundariesFn()))
            .setCoder(SegmentBoundaries.BoundariesCoder.of());
    PCollectionView<SegmentBoundaries> boundariesView =
        boundaries.apply("AsSingleton", View.asSingleton());
    PCollection<Listener> segmented =
        profiles
            .apply(
                "AssignSegments",
                ParDo.of(
                        new DoFn<Listener, Listener>() {
                          @ProcessElement
                          public void process(@Element Listener l, ProcessContext c) {
                            c.output(
                                l.withSegment(
                                    c.sideInput(boundariesView).segmentOf(l.totalPlays())));
                          }
                        })
                    .withSideInputs(boundariesView))
            .setCoder(Listener.ListenerCoder.of());
    PCollection<KV<String, Long>> counts =
        PCollectionList.of(
                segmented.apply(
                    "CountSegments",
                    CountLabels.perBundle(l -> List.of(SEGMENT_COUNT + l.segment()))))
            .and(
                boundaries
                    .apply(
                        "BoundariesAsCounts",
                        FlatMapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.longs()))
                            .via(b -> b.asCounts(BOUNDARY_COUNT)))
                    .setCoder(StepResult.COUNTS_CODER))
            .apply("CollectCounts", Flatten.pCollections());
    return StepResult.withoutRejects(segmented, counts);
  }

  /**
   * The profile of one user, without a segment. Tracks missing from the catalog count for plays
   * only.
   */
  public static Listener profile(UserListens user, Map<String, Track> catalog) {
    Map<String, Long> byArtist = new HashMap<>();
    Map<String, Long> byGenre = new HashMap<>();
    for (int i = 0; i < user.trackCount(); i++) {
      Track track = catalog.get(user.trackId(i));
      if (track != null) {
        if (track.artist() != null) {
          byArtist.merge(track.artist(), user.plays(i), Math::addExact);
        }
        if (track.genre() != null) {
          byGenre.merge(track.genre(), user.plays(i), Math::addExact);
        }
      }
    }
    return new Listener(
        user.userId(),
        user.totalPlays(),
        user.trackCount(),
        favourite(byArtist),
        favourite(byGenre),
        null);
  }

  /** Most plays; ties by name ascending; null for none. */
  static String favourite(Map<String, Long> plays) {
    String best = null;
    long bestPlays = -1;
    for (Map.Entry<String, Long> e : plays.entrySet()) {
      long p = e.getValue();
      if (p > bestPlays || (p == bestPlays && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestPlays = p;
      }
    }
    return best;
  }

  static final class ProfileFn extends DoFn<UserListens, Listener> {
    private final PCollectionView<Map<String, Track>> catalog;

    private transient SideInputCache<Map<String, Track>> cache;

    ProfileFn(PCollectionView<Map<String, Track>> catalog) {
      this.catalog = catalog;
    }

    @Setup
    public void setup() {
      cache = new SideInputCache<>(catalog);
    }

    @ProcessElement
    public void process(@Element UserListens user, ProcessContext c, BoundedWindow window) {
      c.output(profile(user, cache.get(c, window)));
    }
  }

  /** Users per total plays, one small map per bundle instead of one element per user. */
  static final class HistogramFn extends DoFn<Listener, Map<Long, Long>> {
    private transient Map<Long, Long> histogram;

    @StartBundle
    public void start() {
      histogram = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element Listener l) {
      histogram.merge(l.totalPlays(), 1L, Long::sum);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (!histogram.isEmpty()) {
        c.output(histogram, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }
  }

  static final class BoundariesFn
      extends Combine.CombineFn<Map<Long, Long>, TreeMap<Long, Long>, SegmentBoundaries> {
    @Override
    public TreeMap<Long, Long> createAccumulator() {
      return new TreeMap<>();
    }

    @Override
    public TreeMap<Long, Long> addInput(TreeMap<Long, Long> acc, Map<Long, Long> histogram) {
      histogram.forEach((total, users) -> acc.merge(total, users, Long::sum));
      return acc;
    }

    @Override
    public TreeMap<Long, Long> mergeAccumulators(Iterable<TreeMap<Long, Long>> accumulators) {
      TreeMap<Long, Long> merged = new TreeMap<>();
      for (TreeMap<Long, Long> acc : accumulators) {
        acc.forEach((total, users) -> merged.merge(total, users, Long::sum));
      }
      return merged;
    }

    @Override
    public SegmentBoundaries extractOutput(TreeMap<Long, Long> acc) {
      return SegmentBoundaries.fromHistogram(acc);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<TreeMap<Long, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<Map<Long, Long>> inputCoder) {
      return (Coder)
          org.apache.beam.sdk.coders.SortedMapCoder.of(VarLongCoder.of(), VarLongCoder.of());
    }

    @Override
    public Coder<SegmentBoundaries> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Map<Long, Long>> inputCoder) {
      return SegmentBoundaries.BoundariesCoder.of();
    }
  }
}
