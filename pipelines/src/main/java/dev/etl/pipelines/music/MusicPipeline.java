package dev.etl.pipelines.music;

import dev.etl.pipelines.common.InputPatterns;
import dev.etl.pipelines.common.OutputGuards;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.StagedOutput;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.common.Writers;
import dev.etl.pipelines.s3.S3Setup;
import dev.etl.transforms.core.CleanRecords;
import dev.etl.transforms.core.CountLabels;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.csv.ReadCsvLines;
import dev.etl.transforms.join.EnrichByKey;
import dev.etl.transforms.music.EnrichListens;
import dev.etl.transforms.music.Listen;
import dev.etl.transforms.music.Listener;
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
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
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
      return Stream.concat(tracks.stream(), listens.stream()).toList();
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
    MusicOptionChecks.music(options);
    // resolved once, so that a run over midnight stays one snapshot
    LocalDate snapshotDate = MusicOptionChecks.snapshotDate(options);
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
        MusicCounts::reconcile);
  }

  /**
   * The catalog is cleaned and broadcast; the listens are parsed, checked against it and merged per
   * user; every table but the catalog derives from the merged users.
   */
  public static void build(
      Pipeline pipeline, Inputs inputs, StagedOutput out, MusicOptions options) {
    int buckets = options.getBuckets();
    StepResult<Parsed<Track>> cleanedTracks = cleanTracks(pipeline, inputs, options);
    PCollection<Track> tracks = cleanedTracks.good().apply("DropTrackSources", Parsed.values());
    PCollectionView<Map<String, Track>> catalog = catalogById(tracks);
    StepResult<UserListens> merged =
        readListens(pipeline, inputs, options)
            .apply(
                "JoinTracks",
                EnrichByKey.of("track_id", Listen::trackId, catalog, Track.TrackCoder.of()))
            .apply("DropTrackColumns", MapElements.via(new DropTrackColumnsFn()))
            .setCoder(Outcome.coder(Listen.ListenCoder.of()))
            .apply("MergeListens", MergeListens.withBuckets(buckets));
    PCollection<UserListens> users = merged.good();
    StepResult<Listener> segments =
        users.apply("SegmentListeners", SegmentListeners.withCatalog(catalog));
    PCollection<KV<String, Long>> trackPlays =
        users.apply("SumTrackPlays", SumTrackPlays.create().withBuckets(buckets));

    Sinks sinks = new Sinks(out, options.getNumShards(), MusicOptionChecks.snapshotDate(options));
    sinks.current("WriteTracks", "tracks", tracks, MusicTables::track, MusicTables.TRACK);
    sinks.perUser(
        "WriteListens",
        "listens",
        users.apply("EnrichListens", EnrichListens.withCatalog(catalog)),
        MusicTables.LISTEN);
    sinks.perUser(
        "WriteUserTopTracks",
        "user_top_tracks",
        users.apply("RankUserTracks", RankUserTracks.top(options.getTopN())),
        MusicTables.USER_TOP_TRACK);
    sinks.snapshot(
        "WriteUserSegments",
        "user_segments",
        segments.good(),
        MusicTables::userSegment,
        MusicTables.USER_SEGMENT);
    writeTopLists(sinks, trackPlays, catalog, options);
    PCollectionList.of(cleanedTracks.rejected())
        .and(merged.rejected())
        .apply("CollectRejected", Flatten.pCollections())
        .apply("WriteRejected", Writers.deadLetters(out.staged("rejected")));

    PCollectionList.of(
            cleanedTracks
                .counts()
                .apply("LabelTrackCounts", MusicCounts.prefixed(MusicCounts.TRACKS)))
        .and(merged.counts().apply("LabelListenCounts", MusicCounts.prefixed(MusicCounts.LISTENS)))
        .and(segments.counts())
        .and(
            MusicCounts.tables(
                tracks, cleanedTracks.rejected(), merged.rejected(), users, options.getTopN()))
        .apply("FlattenCounts", Flatten.pCollections())
        .apply("SumCounts", CountLabels.create())
        .apply("WriteCounts", Writers.counts(out.staged(RunReport.COUNTS_FILE)));
  }

  /** The catalog's lines to clean tracks and their dead letters. */
  private static StepResult<Parsed<Track>> cleanTracks(
      Pipeline pipeline, Inputs inputs, MusicOptions options) {
    return pipeline
        .apply(
            "ReadTracksCsv",
            ReadCsvLines.from(inputs.tracks(), MusicCsv.TRACKS_HEADER)
                .withEncoding(options.getEncoding()))
        .apply(
            "CleanTracks",
            CleanRecords.of(
                ParseCsv.of(
                    MusicCsv.TRACKS_HEADER.size(), MusicCsv.trackMapper(), Track.TrackCoder.of()),
                DedupByKey.by("track_id", Track::trackId).withBuckets(options.getBuckets())));
  }

  /** The catalog broadcast once, as one map view for the join and every later lookup. */
  private static PCollectionView<Map<String, Track>> catalogById(PCollection<Track> tracks) {
    return tracks
        .apply("KeyTracksById", WithKeys.of(Track::trackId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Track.TrackCoder.of()))
        .apply("CatalogById", View.asMap());
  }

  /**
   * The listens parsed, one element per line until the merge, good or dead letter (see {@link
   * Outcome}): a split at every step would make the Spark runner hold ten million listens in memory
   * per split.
   */
  private static PCollection<Outcome<Parsed<Listen>>> readListens(
      Pipeline pipeline, Inputs inputs, MusicOptions options) {
    return pipeline
        .apply(
            "ReadListensCsv",
            ReadCsvLines.from(inputs.listens(), MusicCsv.LISTENS_HEADER)
                .withEncoding(options.getEncoding()))
        .apply(
            "ParseListens",
            ParseCsv.toOutcomes(
                MusicCsv.LISTENS_HEADER.size(), MusicCsv.listenMapper(), Listen.ListenCoder.of()));
  }

  /** The joined track is only looked up again later, from the broadcast catalog. */
  static final class DropTrackColumnsFn
      extends SimpleFunction<Outcome<KV<Listen, Track>>, Outcome<Listen>> {
    @Override
    public Outcome<Listen> apply(Outcome<KV<Listen, Track>> o) {
      return o.isGood() ? Outcome.good(o.value().getKey()) : o.castRejected();
    }
  }

  /** The top tracks, artists and genres by plays, this run's snapshot of each. */
  private static void writeTopLists(
      Sinks sinks,
      PCollection<KV<String, Long>> trackPlays,
      PCollectionView<Map<String, Track>> catalog,
      MusicOptions options) {
    int topN = options.getTopN();
    int buckets = options.getBuckets();
    sinks.snapshot(
        "WriteTopTracks",
        "top_tracks",
        trackPlays.apply("RankTracks", RankTracks.byTrack(topN, catalog)),
        r -> r,
        MusicTables.TOP_TRACK);
    sinks.snapshot(
        "WriteTopArtists",
        "top_artists",
        trackPlays.apply(
            "RankArtists",
            RankTracks.by(Track::artist, MusicTables.TOP_ARTIST, topN, catalog)
                .withBuckets(buckets)),
        r -> r,
        MusicTables.TOP_ARTIST);
    sinks.snapshot(
        "WriteTopGenres",
        "top_genres",
        trackPlays.apply(
            "RankGenres",
            RankTracks.by(Track::genre, MusicTables.TOP_GENRE, topN, catalog).withBuckets(buckets)),
        r -> r,
        MusicTables.TOP_GENRE);
  }

  /** The staged tables: current-state tables whole, snapshot tables in this run's partition. */
  private record Sinks(StagedOutput out, int shards, LocalDate snapshotDate) {
    <T> void current(
        String step,
        String table,
        PCollection<T> rows,
        SerializableFunction<T, GenericRecord> toRecord,
        Schema schema) {
      rows.apply(step, Writers.parquet(out.staged(table), toRecord, schema, shards));
    }

    <T> void snapshot(
        String step,
        String table,
        PCollection<T> rows,
        SerializableFunction<T, GenericRecord> toRecord,
        Schema schema) {
      rows.apply(
          step,
          Writers.parquet(
              out.staged(snapshotFolder(table, snapshotDate)), toRecord, schema, shards));
    }

    /** A per-user table: as many files as the runner's bundles, no user_id dictionary. */
    void perUser(String step, String table, PCollection<GenericRecord> rows, Schema schema) {
      rows.apply(step, Writers.parquet(out.staged(table), r -> r, schema, 0, NO_USER_DICTIONARY));
    }
  }
}
