package dev.etl.pipelines.music;

import dev.etl.pipelines.OptionChecks;
import dev.etl.pipelines.common.InputPatterns;
import dev.etl.pipelines.common.OutputGuards;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.StagedOutput;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.common.Writers;
import dev.etl.pipelines.s3.S3Setup;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.TaggedResult;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.csv.ReadCsvLines;
import dev.etl.transforms.join.EnrichByKey;
import dev.etl.transforms.music.EnrichListens;
import dev.etl.transforms.music.Listen;
import dev.etl.transforms.music.MergeListens;
import dev.etl.transforms.music.MusicCsv;
import dev.etl.transforms.music.MusicTables;
import dev.etl.transforms.music.RankTracks;
import dev.etl.transforms.music.RankUserTracks;
import dev.etl.transforms.music.SegmentListeners;
import dev.etl.transforms.music.SumTrackPlays;
import dev.etl.transforms.music.Track;
import dev.etl.transforms.music.UserListens;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The music job: the track catalog and the listening history to a clean catalog, the enriched and
 * merged listens, top lists, per-user top tracks and listener segments, dead letters and a
 * reconciled summary. {@code main → run(options) → build(pipeline)}, as the bank job.
 *
 * <p>Shape: listens are parsed, checked against the catalog (unknown tracks become dead letters,
 * with their line) and merged per user over user buckets, as one chain of single-output steps.
 * Everything else derives from the merged users, looking tracks up in the broadcast catalog:
 * carrying track columns through the shuffle would triple its size. The catalog is broadcast once,
 * as one map view read by the join and by every later lookup; the steps themselves live in {@code
 * transforms/music}.
 */
public final class MusicPipeline {
  public static final String TRACKS_FILE = "Music_Info.csv";
  public static final String LISTENS_FILE = "User_Listening_History.csv";

  /**
   * What the job publishes (./etl catalog and ./etl query declare the tables from this list). The
   * top lists and the segments are weekly snapshots, one {@code snapshot_date} partition per run;
   * the other tables are the current state.
   */
  public static final List<PublishedTable> TABLES =
      List.of(
          PublishedTable.parquet(
              "tracks", MusicTables.TRACK, "the clean track catalog, one row per track_id"),
          PublishedTable.parquet(
              "listens",
              MusicTables.LISTEN,
              "one row per (user, track): summed play count, enriched from tracks"),
          snapshot("top_tracks", MusicTables.TOP_TRACK, "the top N tracks by plays"),
          snapshot("top_artists", MusicTables.TOP_ARTIST, "the top N artists by plays"),
          snapshot("top_genres", MusicTables.TOP_GENRE, "the top N genres by plays"),
          PublishedTable.parquet(
              "user_top_tracks", MusicTables.USER_TOP_TRACK, "each user's top N tracks"),
          snapshot(
              "user_segments",
              MusicTables.USER_SEGMENT,
              "one row per user: totals, favourite artist and genre, segment"),
          PublishedTable.deadLetters("dead letters of both input files, with their reason"));

  private static PublishedTable snapshot(String name, Schema schema, String description) {
    return PublishedTable.partitionedParquet(
        name,
        schema,
        MusicTables.SNAPSHOT_PARTITION,
        MusicTables.SNAPSHOT_PARTITION_TYPE,
        description + ", one snapshot_date partition per run");
  }

  /**
   * What a run replaces on commit: the current-state tables whole, and only its own snapshot's
   * partition of each snapshot table (every earlier snapshot stays). A snapshot table still in the
   * unpartitioned layout of an older version is replaced whole (its undated rows cannot be kept as
   * a snapshot), with a note.
   */
  static List<String> results(String output, LocalDate snapshotDate) throws IOException {
    List<String> results = new ArrayList<>();
    for (String result : PublishedTable.results(TABLES)) {
      PublishedTable table =
          TABLES.stream().filter(t -> t.name().equals(result)).findFirst().orElse(null);
      if (table == null || !table.partitioned()) {
        results.add(result);
      } else if (hasUnpartitionedFiles(output + "/" + result)) {
        System.err.println(
            "note: "
                + output
                + "/"
                + result
                + "/ holds files outside snapshot_date= partitions (an older version's layout):"
                + " this run replaces the whole folder");
        results.add(result);
      } else {
        results.add(snapshotFolder(result, snapshotDate));
      }
    }
    return List.copyOf(results);
  }

  /** {@code <table>/snapshot_date=YYYY-MM-DD}: one snapshot of a snapshot table. */
  public static String snapshotFolder(String table, LocalDate snapshotDate) {
    return table + "/" + MusicTables.SNAPSHOT_PARTITION + "=" + snapshotDate;
  }

  private static boolean hasUnpartitionedFiles(String folder) throws IOException {
    MatchResult match = FileSystems.match(folder + "/*.parquet", EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  // ~1M distinct 40-character ids: a dictionary overflows and falls back in every row group, after
  // hashing every value; rows arrive grouped by user, so plain encoding compresses as well
  private static final Map<String, String> NO_USER_DICTIONARY =
      Map.of("parquet.enable.dictionary#user_id", "false");

  private MusicPipeline() {}

  /**
   * The track and listen file patterns, from --tracks/--listens or the standard names under
   * --input.
   */
  public record Inputs(List<String> tracks, List<String> listens) {
    public List<String> all() {
      return java.util.stream.Stream.concat(tracks.stream(), listens.stream()).toList();
    }
  }

  public static Inputs inputs(MusicOptions options) {
    return inputs(options.getInput(), options.getTracks(), options.getListens());
  }

  public static Inputs inputs(String input, String tracks, String listens) {
    String dir = input == null ? null : input.replaceAll("/+$", "");
    if (tracks == null && dir == null || listens == null && dir == null) {
      throw new UserError(
          "music needs --input=DIR (holding "
              + TRACKS_FILE
              + " and "
              + LISTENS_FILE
              + ") or both --tracks=PATH and --listens=PATH (see ./etl music --help)");
    }
    return new Inputs(
        InputPatterns.split(tracks != null ? tracks : dir + "/" + TRACKS_FILE),
        InputPatterns.split(listens != null ? listens : dir + "/" + LISTENS_FILE));
  }

  /** Checks the inputs, runs the job into a staging area, reconciles and commits. */
  public static RunReport run(MusicOptions options) throws IOException {
    OptionChecks.music(options);
    // resolved once, so that a run over midnight stays one snapshot
    LocalDate snapshotDate = OptionChecks.snapshotDate(options);
    options.setSnapshotDate(snapshotDate.toString());
    Inputs inputs = inputs(options);
    S3Setup.preflight(options, InputPatterns.withOutput(inputs.all(), options.getOutput()));
    OutputGuards.requireApart(inputs.all(), options.getOutput());
    OutputGuards.requireOwnedBy("music", options.getOutput());
    ReadCsvLines.checkInputs(inputs.tracks(), MusicCsv.TRACKS_HEADER, options.getEncoding());
    ReadCsvLines.checkInputs(inputs.listens(), MusicCsv.LISTENS_HEADER, options.getEncoding());
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("tracks_input", String.join(",", inputs.tracks()));
    header.put("listens_input", String.join(",", inputs.listens()));
    header.put("top_n", options.getTopN());
    header.put("snapshot_date", snapshotDate.toString());
    return RunReport.runStaged(
        options,
        "music",
        header,
        inputs.all(),
        results(options.getOutput().replaceAll("/+$", ""), snapshotDate),
        (pipeline, staged) -> build(pipeline, inputs, staged, options),
        MusicPipeline::reconcile);
  }

  public static void build(
      Pipeline pipeline, Inputs inputs, StagedOutput out, MusicOptions options) {
    int shards = options.getNumShards();
    int buckets = options.getBuckets();
    int topN = options.getTopN();
    LocalDate snapshotDate = OptionChecks.snapshotDate(options);

    // The catalog
    TaggedResult<Parsed<Track>> parsedTracks =
        pipeline
            .apply(
                "ReadTracksCsv",
                ReadCsvLines.from(inputs.tracks(), MusicCsv.TRACKS_HEADER)
                    .withEncoding(options.getEncoding()))
            .apply(
                "ParseTracks",
                ParseCsv.of(
                    MusicCsv.TRACKS_HEADER.size(), MusicCsv.trackMapper(), Track.TrackCoder.of()));
    DedupByKey.Result<Track> dedupTracks =
        parsedTracks
            .good()
            .apply("DedupTracks", DedupByKey.by("track_id", Track::trackId).withBuckets(buckets));
    PCollection<Track> tracks =
        dedupTracks
            .unique()
            .apply(
                "DropTrackSources",
                MapElements.into(TypeDescriptor.of(Track.class)).via(Parsed::value))
            .setCoder(Track.TrackCoder.of());
    PCollectionView<Map<String, Track>> catalog =
        tracks
            .apply(
                "KeyTracksById", WithKeys.of(Track::trackId).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Track.TrackCoder.of()))
            .apply("CatalogById", View.asMap());

    // The listens: parse, drop unknown tracks (with their line), merge per user
    // One element per line until the merge, good or dead letter (see Outcome): a split at every
    // step would make the Spark runner hold ten million listens in memory per split.
    PCollection<Outcome<Listen>> knownListens =
        pipeline
            .apply(
                "ReadListensCsv",
                ReadCsvLines.from(inputs.listens(), MusicCsv.LISTENS_HEADER)
                    .withEncoding(options.getEncoding()))
            .apply(
                "ParseListens",
                ParseCsv.toOutcomes(
                    MusicCsv.LISTENS_HEADER.size(),
                    MusicCsv.listenMapper(),
                    Listen.ListenCoder.of()))
            .apply(
                "JoinTracks",
                EnrichByKey.of("track_id", Listen::trackId, catalog, Track.TrackCoder.of()))
            .apply(
                "DropTrackColumns",
                MapElements.via(
                    new SimpleFunction<Outcome<KV<Listen, Track>>, Outcome<Listen>>() {
                      @Override
                      public Outcome<Listen> apply(Outcome<KV<Listen, Track>> o) {
                        return o.isGood() ? Outcome.good(o.value().getKey()) : o.castRejected();
                      }
                    }))
            .setCoder(Outcome.coder(Listen.ListenCoder.of()));
    TaggedResult<UserListens> merged =
        knownListens.apply("MergeListens", MergeListens.withBuckets(buckets));
    PCollection<UserListens> users = merged.good();

    // Tables derived from the merged users
    PCollection<GenericRecord> listens =
        users.apply("EnrichListens", EnrichListens.withCatalog(catalog));
    PCollection<GenericRecord> userTopTracks =
        users.apply("RankUserTracks", RankUserTracks.top(topN));
    SegmentListeners.Result segments =
        users.apply("SegmentListeners", SegmentListeners.withCatalog(catalog));

    PCollection<KV<String, Long>> trackPlays =
        users.apply("SumTrackPlays", SumTrackPlays.create().withBuckets(buckets));
    PCollection<GenericRecord> topTracks =
        trackPlays.apply("RankTracks", RankTracks.byTrack(topN, catalog));
    PCollection<GenericRecord> topArtists =
        trackPlays.apply(
            "RankArtists",
            RankTracks.by(Track::artist, MusicTables.TOP_ARTIST, topN, catalog)
                .withBuckets(buckets));
    PCollection<GenericRecord> topGenres =
        trackPlays.apply(
            "RankGenres",
            RankTracks.by(Track::genre, MusicTables.TOP_GENRE, topN, catalog).withBuckets(buckets));

    PCollection<DeadLetter> rejectedTracks =
        PCollectionList.of(parsedTracks.rejected())
            .and(dedupTracks.conflicting())
            .apply("CollectRejectedTracks", Flatten.pCollections());
    PCollection<DeadLetter> rejectedListens = merged.rejected();

    // Sinks
    tracks.apply(
        "WriteTracks",
        Writers.parquet(out.staged("tracks"), MusicTables::track, MusicTables.TRACK, shards));
    listens.apply(
        "WriteListens",
        Writers.parquet(out.staged("listens"), r -> r, MusicTables.LISTEN, 0, NO_USER_DICTIONARY));
    userTopTracks.apply(
        "WriteUserTopTracks",
        Writers.parquet(
            out.staged("user_top_tracks"),
            r -> r,
            MusicTables.USER_TOP_TRACK,
            0,
            NO_USER_DICTIONARY));
    segments
        .listeners()
        .apply(
            "WriteUserSegments",
            Writers.parquet(
                out.staged(snapshotFolder("user_segments", snapshotDate)),
                MusicTables::userSegment,
                MusicTables.USER_SEGMENT,
                shards));
    topTracks.apply(
        "WriteTopTracks",
        Writers.parquet(
            out.staged(snapshotFolder("top_tracks", snapshotDate)),
            r -> r,
            MusicTables.TOP_TRACK,
            shards));
    topArtists.apply(
        "WriteTopArtists",
        Writers.parquet(
            out.staged(snapshotFolder("top_artists", snapshotDate)),
            r -> r,
            MusicTables.TOP_ARTIST,
            shards));
    topGenres.apply(
        "WriteTopGenres",
        Writers.parquet(
            out.staged(snapshotFolder("top_genres", snapshotDate)),
            r -> r,
            MusicTables.TOP_GENRE,
            shards));
    PCollectionList.of(rejectedTracks)
        .and(rejectedListens)
        .apply("CollectRejected", Flatten.pCollections())
        .apply("WriteRejected", Writers.deadLetters(out.staged("rejected")));

    // Reconciliation counts
    PCollection<KV<String, Long>> counts =
        PCollectionList.of(parsedTracks.counts().apply("LabelTrackLines", prefixed("tracks:")))
            .and(merged.counts().apply("LabelListenLines", prefixed("listens:")))
            .and(tracks.apply("CountTracks", CountLabels.perBundle("tracks_clean")))
            .and(
                dedupTracks
                    .duplicates()
                    .apply(
                        "CountTrackDuplicates", CountLabels.perBundle("track_duplicates_removed")))
            .and(
                rejectedTracks.apply(
                    "CountRejectedTracks",
                    CountLabels.perBundle(r -> List.of("tracks_rejected:" + r.reason()))))
            .and(
                rejectedListens.apply(
                    "CountRejectedListens",
                    CountLabels.perBundle(r -> List.of("listens_rejected:" + r.reason()))))
            .and(
                users.apply(
                    "CountMergedListens",
                    CountLabels.sumPerBundle(
                        List.of(
                            "listens_clean",
                            "listen_duplicates_removed",
                            "listens_merged",
                            "users",
                            "user_top_tracks"),
                        u ->
                            new long[] {
                              u.trackCount(),
                              u.duplicateLines(),
                              u.mergedLines(),
                              1,
                              Math.min(topN, u.trackCount())
                            })))
            .and(
                segments
                    .listeners()
                    .apply(
                        "CountSegments",
                        CountLabels.perBundle(l -> List.of("segment:" + l.segment()))))
            .and(
                segments
                    .boundaries()
                    .apply(
                        "BoundariesAsCounts",
                        FlatMapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.longs()))
                            .via(b -> b.asCounts("segment_boundary:"))))
            .apply("FlattenCounts", Flatten.pCollections())
            .apply("SumCounts", CountLabels.create());
    counts.apply("WriteCounts", Writers.counts(out.staged(RunReport.COUNTS_FILE)));
  }

  private static MapElements<KV<String, Long>, KV<String, Long>> prefixed(String prefix) {
    return MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
        .via(kv -> KV.of(prefix + kv.getKey(), kv.getValue()));
  }

  /** Turns the raw counts into the summary's figures and declares the balance equations. */
  static void reconcile(RunReport.Figures f) throws IOException {
    f.put("tracks_read", f.count("tracks:" + ParseCsv.LINES_READ));
    f.put("tracks_clean", f.count("tracks_clean"));
    f.put("track_duplicates_removed", f.count("track_duplicates_removed"));
    f.put("tracks_rejected", f.total("tracks_rejected:"));
    f.put("tracks_rejected_by_reason", f.byPrefix("tracks_rejected:"));
    f.put("listens_read", f.count("listens:" + MergeListens.LINES_SEEN));
    f.put("listens_clean", f.count("listens_clean"));
    f.put("listen_duplicates_removed", f.count("listen_duplicates_removed"));
    f.put("listens_merged", f.count("listens_merged"));
    f.put("listens_rejected", f.total("listens_rejected:"));
    f.put("listens_rejected_by_reason", f.byPrefix("listens_rejected:"));
    f.put("users", f.count("users"));
    f.put("segment_boundaries", f.byPrefix("segment_boundary:"));
    f.put("users_by_segment", f.byPrefix("segment:"));
    f.put("tracks_written", f.writtenRows("tracks"));
    f.put("listens_written", f.writtenRows("listens"));
    f.put("user_segments_written", f.writtenRows("user_segments"));
    f.put("user_top_tracks", f.count("user_top_tracks"));
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
