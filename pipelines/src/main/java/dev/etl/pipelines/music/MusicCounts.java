package dev.etl.pipelines.music;

import dev.etl.pipelines.common.RunReport;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.music.MergeListens;
import dev.etl.transforms.music.SegmentListeners;
import dev.etl.transforms.music.Track;
import dev.etl.transforms.music.UserListens;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The music job's count labels, the counting steps of its graph, and the reconciliation that turns
 * the summed counts into the summary: one set of labels for both.
 */
final class MusicCounts {
  /** The catalog steps' own counts, under this prefix. */
  static final String TRACKS = "tracks:";

  /** The listen steps' own counts, under this prefix. */
  static final String LISTENS = "listens:";

  static final String TRACKS_CLEAN = "tracks_clean";
  static final String TRACKS_REJECTED = "tracks_rejected:";
  static final String LISTENS_REJECTED = "listens_rejected:";
  static final String LISTENS_CLEAN = "listens_clean";
  static final String LISTEN_DUPLICATES_REMOVED = "listen_duplicates_removed";
  static final String LISTENS_MERGED = "listens_merged";
  static final String USERS = "users";
  static final String USER_TOP_TRACKS = "user_top_tracks";

  private MusicCounts() {}

  /** A step's own counts under the prefix of its input. */
  static MapElements<KV<String, Long>, KV<String, Long>> prefixed(String prefix) {
    return MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
        .via(kv -> KV.of(prefix + kv.getKey(), kv.getValue()));
  }

  /** What the tables hold: clean tracks, rejects of either file, users and their listens. */
  static PCollection<KV<String, Long>> tables(
      PCollection<Track> tracks,
      PCollection<DeadLetter> rejectedTracks,
      PCollection<DeadLetter> rejectedListens,
      PCollection<UserListens> users,
      int topN) {
    return PCollectionList.of(tracks.apply("CountTracks", CountLabels.perBundle(TRACKS_CLEAN)))
        .and(
            rejectedTracks.apply(
                "CountRejectedTracks",
                CountLabels.perBundle(r -> List.of(TRACKS_REJECTED + r.reason()))))
        .and(
            rejectedListens.apply(
                "CountRejectedListens",
                CountLabels.perBundle(r -> List.of(LISTENS_REJECTED + r.reason()))))
        .and(
            users.apply(
                "CountMergedListens",
                CountLabels.sumPerBundle(
                    List.of(
                        LISTENS_CLEAN,
                        LISTEN_DUPLICATES_REMOVED,
                        LISTENS_MERGED,
                        USERS,
                        USER_TOP_TRACKS),
                    u ->
                        new long[] {
                          u.trackCount(),
                          u.duplicateLines(),
                          u.mergedLines(),
                          1,
                          Math.min(topN, u.trackCount())
                        })))
        .apply("CollectTableCounts", Flatten.pCollections());
  }

  /** Turns the raw counts into the summary's figures and declares the balance equations. */
  static void reconcile(RunReport.Figures f) throws IOException {
    f.put("tracks_read", f.count(TRACKS + ParseCsv.LINES_READ));
    f.put("tracks_clean", f.count(TRACKS_CLEAN));
    f.put("track_duplicates_removed", f.count(TRACKS + DedupByKey.DUPLICATES_REMOVED));
    f.put("tracks_rejected", f.total(TRACKS_REJECTED));
    f.put("tracks_rejected_by_reason", f.byPrefix(TRACKS_REJECTED));
    f.put("listens_read", f.count(LISTENS + MergeListens.LINES_SEEN));
    f.put("listens_clean", f.count(LISTENS_CLEAN));
    f.put("listen_duplicates_removed", f.count(LISTEN_DUPLICATES_REMOVED));
    f.put("listens_merged", f.count(LISTENS_MERGED));
    f.put("listens_rejected", f.total(LISTENS_REJECTED));
    f.put("listens_rejected_by_reason", f.byPrefix(LISTENS_REJECTED));
    f.put("users", f.count(USERS));
    f.put("segment_boundaries", f.byPrefix(SegmentListeners.BOUNDARY_COUNT));
    f.put("users_by_segment", f.byPrefix(SegmentListeners.SEGMENT_COUNT));
    f.put("tracks_written", f.writtenRows("tracks"));
    f.put("listens_written", f.writtenRows("listens"));
    f.put("user_segments_written", f.writtenRows("user_segments"));
    f.put("user_top_tracks", f.count(USER_TOP_TRACKS));
    f.put("user_top_tracks_written", f.writtenRows("user_top_tracks"));
    f.requireBalance(
        "tracks_read", List.of("tracks_clean", "track_duplicates_removed", "tracks_rejected"));
    f.requireBalance(
        "listens_read",
        List.of(
            "listens_clean", "listen_duplicates_removed", "listens_merged", "listens_rejected"));
    f.requireBalance("tracks_clean", List.of("tracks_written"));
    f.requireBalance("listens_clean", List.of("listens_written"));
    f.requireBalance("users", List.of("user_segments_written"));
    f.requireBalance("user_top_tracks", List.of("user_top_tracks_written"));
  }
}
