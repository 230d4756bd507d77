package dev.etl.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.etl.pipelines.common.ReadOnlyDuckDb;
import dev.etl.transforms.music.SegmentBoundaries;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The music job's sections: data quality, top lists, plays per user, listener segments,
 * concentration.
 */
final class MusicReport {
  private MusicReport() {}

  static List<Blocks.Section> sections(Db db, PublishedOutput out) throws SQLException {
    // the snapshot tables hold every run's snapshot: the report describes the summary's one
    String users = out.snapshot("user_segments", out.snapshotDate());
    return List.of(
        quality(db, out, deadLettersByFile(db, out), users),
        tops(db, out),
        users(db, out, users),
        concentration(db, out, out.parquet("tracks"), out.parquet("listens")));
  }

  /**
   * One top list: its table, the key an entry keeps between snapshots, the column shown per entry
   * (SQL over the list {@code c}), and how the charts name things.
   */
  private record TopList(String table, String key, String entry, String plural, String caption) {}

  private static final List<TopList> TOP_LISTS =
      List.of(
          new TopList(
              "top_tracks",
              "track_id",
              "c.name || ' — ' || coalesce(c.artist, '(no artist)')",
              "tracks",
              "The most played tracks (name — artist) and their total plays."),
          new TopList(
              "top_artists",
              "artist",
              "c.artist",
              "artists",
              "The artists whose tracks were played most, summed over their tracks."),
          new TopList(
              "top_genres",
              "genre",
              "c.genre",
              "genres",
              "Plays per genre; tracks without a genre (most of the catalog) are left out."));

  private static Blocks.Section tops(Db db, PublishedOutput out) throws SQLException {
    int shown = (int) Math.min(10, out.figure("top_n"));
    String snapshot = out.snapshotDate();
    Object earlier =
        db.row(
                "SELECT max(snapshot_date)::VARCHAR AS d FROM "
                    + out.parquet("top_tracks")
                    + " WHERE snapshot_date < DATE "
                    + ReadOnlyDuckDb.literal(snapshot))
            .get("d");
    String previous = earlier == null ? null : earlier.toString();
    Function<Map<String, Object>, String> label =
        previous == null
            ? null
            : row ->
                Charts.integers().format(Charts.number(row.get("plays")))
                    + " ("
                    + rankChange(row)
                    + ")";
    List<Blocks.Block> charts = new ArrayList<>();
    for (TopList top : TOP_LISTS) {
      String category = top.plural().substring(0, top.plural().length() - 1);
      charts.add(
          Charts.bar(
              new Charts.Spec(
                  "music-top-" + top.plural(),
                  "Top " + shown + " " + top.plural() + " by plays",
                  top.caption(),
                  category,
                  "plays (count)"),
              ranked(db, out, top, category, shown, snapshot, previous),
              category,
              "plays",
              true,
              label));
    }
    return new Blocks.Section(
        "music-top",
        "Music: top " + shown + " tracks, artists and genres",
        "By total playcount over all users in the snapshot of "
            + snapshot
            + " (the job's top_tracks, top_artists and top_genres tables)"
            + (previous == null
                ? "; it is the first snapshot, so there is no rank change to show yet."
                : "; beside each bar its rank change against the snapshot of "
                    + previous
                    + " (▲ places gained, ▼ places lost, = same rank, new: not in that top list)."),
        charts);
  }

  /**
   * A top list of one snapshot, each entry with its rank in the previous snapshot ({@code
   * previous_rank}, null when it was not in that list or there is no previous snapshot) and {@code
   * rank_change} (places gained).
   */
  private static List<Map<String, Object>> ranked(
      Db db,
      PublishedOutput out,
      TopList top,
      String category,
      int shown,
      String snapshot,
      String previous)
      throws SQLException {
    String before =
        previous == null
            ? "(SELECT * FROM " + out.snapshot(top.table(), snapshot) + " WHERE false)"
            : out.snapshot(top.table(), previous);
    return db.rows(
        "SELECT c.rank, "
            + top.entry()
            + " AS "
            + category
            + ", c.plays, p.rank AS previous_rank, p.rank - c.rank AS rank_change FROM "
            + out.snapshot(top.table(), snapshot)
            + " c LEFT JOIN "
            + before
            + " p ON p."
            + top.key()
            + " = c."
            + top.key()
            + " WHERE c.rank <= "
            + shown
            + " ORDER BY c.rank");
  }

  /** ▲2, ▼1, = or new. */
  static String rankChange(Map<String, Object> row) {
    Object change = row.get("rank_change");
    if (change == null) {
      return "new";
    }
    long places = ((Number) change).longValue();
    return places > 0 ? "▲" + places : places < 0 ? "▼" + (-places) : "=";
  }

  private static Blocks.Section users(Db db, PublishedOutput out, String users)
      throws SQLException {
    List<Map<String, Object>> perUser =
        db.rows(
            "SELECT power(10, b / 4.0) AS bin_low, power(10, (b + 1) / 4.0) AS bin_high, n AS count FROM"
                + " (SELECT floor(log10(total_plays) * 4)::INT AS b, count(*) AS n FROM "
                + users
                + " GROUP BY 1) ORDER BY b");
    Map<String, Object> userStats =
        db.row(
            "SELECT median(total_plays) AS median, max(total_plays) AS max, avg(total_plays) AS mean FROM "
                + users);
    JsonNode bounds = out.summary().get("segment_boundaries");
    long light = bounds.path("light_max").asLong();
    long regular = bounds.path("regular_max").asLong();
    long heavy = bounds.path("heavy_max").asLong();
    Map<String, Long> bySegment =
        db.counts("SELECT segment AS k, count(*) AS n FROM " + users + " GROUP BY 1");
    long userCount = out.figure("users");
    List<Map<String, Object>> segments = new ArrayList<>();
    for (String[] segment :
        new String[][] {
          {SegmentBoundaries.LIGHT, "1–" + light},
          {SegmentBoundaries.REGULAR, (light + 1) + "–" + regular},
          {SegmentBoundaries.HEAVY, (regular + 1) + "–" + heavy},
          {SegmentBoundaries.SUPER, "> " + heavy}
        }) {
      long n = bySegment.getOrDefault(segment[0], 0L);
      segments.add(
          Blocks.row(
              "segment",
              segment[0] + " (" + segment[1] + " plays)",
              "users",
              n,
              "share_pct",
              DataQuality.share(n, userCount)));
    }
    return new Blocks.Section(
        "music-users",
        "Music: plays per user and listener segments",
        null,
        List.of(
            new Blocks.Figures(
                "music-user-figures",
                List.of(
                    new Blocks.Figure(
                        "music.plays_per_user_median",
                        "median plays per user",
                        userStats.get("median")),
                    new Blocks.Figure(
                        "music.plays_per_user_mean",
                        "mean plays per user",
                        Math.round(Charts.number(userStats.get("mean")) * 100) / 100.0),
                    new Blocks.Figure(
                        "music.plays_per_user_max",
                        "most plays of one user",
                        userStats.get("max")))),
            Charts.logHistogram(
                new Charts.Spec(
                    "music-plays-per-user",
                    "Plays per user",
                    "Users per quarter-decade of total plays, both axes on a log scale: most users play little, a long tail plays a lot.",
                    "total plays of a user (count, log scale)",
                    "users (count, log scale)"),
                perUser,
                true),
            Charts.bar(
                new Charts.Spec(
                    "music-segments",
                    "Users per listener segment",
                    "Listener segments by total plays, with their bounds (quartiles of plays per user; ties go to the lower segment).",
                    "segment (bounds in total plays)",
                    "users (count)"),
                segments,
                "segment",
                "users",
                false,
                row -> Page.format(row.get("users")) + " (" + row.get("share_pct") + " %)")));
  }

  private static Blocks.Section quality(
      Db db, PublishedOutput out, String deadLetters, String users) throws SQLException {
    Map<String, Long> rejectedCounted =
        db.counts(
            "SELECT kind || ':' || reason AS k, count(*) AS n FROM " + deadLetters + " GROUP BY 1");
    DataQuality.Input trackInput =
        new DataQuality.Input(
            "tracks_read",
            "clean",
            "tracks_clean",
            out.parquet("tracks"),
            List.of(new DataQuality.Removed("duplicates removed", "track_duplicates_removed")),
            "tracks_rejected_by_reason");
    DataQuality.Input listenInput =
        new DataQuality.Input(
            "listens_read",
            "clean (user, track) rows",
            "listens_clean",
            out.parquet("listens"),
            List.of(
                new DataQuality.Removed("duplicates removed", "listen_duplicates_removed"),
                new DataQuality.Removed("merged into another line", "listens_merged")),
            "listens_rejected_by_reason");
    List<Blocks.Block> blocks = new ArrayList<>();
    blocks.add(
        new Blocks.Figures(
            "music-quality-figures",
            List.of(
                new Blocks.Figure(
                    "music.tracks_read", "catalog lines read", out.figure("tracks_read")),
                new Blocks.Figure("music.tracks_clean", "clean tracks", out.figure("tracks_clean")),
                new Blocks.Figure(
                    "music.tracks_rejected",
                    "catalog lines rejected",
                    out.figure("tracks_rejected")),
                new Blocks.Figure(
                    "music.listens_read", "listen lines read", out.figure("listens_read")),
                new Blocks.Figure(
                    "music.listens_clean", "clean (user, track) rows", out.figure("listens_clean")),
                new Blocks.Figure(
                    "music.listens_rejected",
                    "listen lines rejected",
                    out.figure("listens_rejected")),
                new Blocks.Figure("music.users", "users", out.figure("users")))));
    blocks.addAll(
        DataQuality.reconciliation(
            "music-reconciliation-tracks",
            "catalog lines",
            DataQuality.lines(db, out, trackInput, rejectedCounted, "tracks:")));
    blocks.addAll(
        DataQuality.reconciliation(
            "music-reconciliation-listens",
            "listen lines",
            DataQuality.lines(db, out, listenInput, rejectedCounted, "listens:")));
    blocks.add(
        DataQuality.rejectedReasons(
            db,
            "music-rejected-tracks",
            "catalog lines",
            "(SELECT * FROM " + deadLetters + " WHERE kind = 'tracks')",
            out.figure("tracks_read")));
    blocks.add(
        DataQuality.rejectedReasons(
            db,
            "music-rejected-listens",
            "listen lines",
            "(SELECT * FROM " + deadLetters + " WHERE kind = 'listens')",
            out.figure("listens_read")));
    blocks.add(
        DataQuality.columnProfile(db, "music-columns-tracks", "tracks", out.parquet("tracks")));
    blocks.add(
        DataQuality.columnProfile(db, "music-columns-listens", "listens", out.parquet("listens")));
    blocks.add(
        DataQuality.columnProfile(db, "music-columns-user_segments", "user_segments", users));
    return new Blocks.Section(
        "music-quality", "Music: data quality", DataQuality.provenance(out), blocks);
  }

  /**
   * The share of all plays that the most played 1 % of the catalog's tracks get, and the whole
   * curve.
   */
  private static Blocks.Section concentration(
      Db db, PublishedOutput out, String tracks, String listens) throws SQLException {
    long catalog = db.count("SELECT count(*) FROM " + tracks);
    long top = Math.max(1, (catalog + 99) / 100);
    String ranked =
        "(SELECT row_number() OVER (ORDER BY plays DESC, track_id) AS r, sum(plays) OVER (ORDER BY plays DESC, track_id) AS cum,"
            + " sum(plays) OVER () AS total FROM (SELECT track_id, sum(playcount) AS plays FROM "
            + listens
            + " GROUP BY 1))";
    Map<String, Object> topShare =
        db.row(
            "SELECT max(cum) FILTER (WHERE r <= "
                + top
                + ") AS top_plays, max(total) AS total,"
                + " count(*) AS played FROM "
                + ranked);
    long topPlays = (long) Charts.number(topShare.get("top_plays"));
    long total = (long) Charts.number(topShare.get("total"));
    List<Map<String, Object>> curve =
        db.rows(
            "WITH k AS (SELECT DISTINCT greatest(1, ceil(p / 1000.0 * "
                + catalog
                + "))::BIGINT AS r FROM range(1, 1001) t(p)),"
                + " c AS "
                + ranked
                + " SELECT round(100.0 * k.r / "
                + Math.max(catalog, 1)
                + ", 2) AS tracks_pct,"
                + " round(100.0 * coalesce((SELECT max(cum) FROM c WHERE c.r <= k.r), 0) / "
                + Math.max(total, 1)
                + ", 2) AS plays_pct"
                + " FROM k ORDER BY k.r");
    return new Blocks.Section(
        "music-concentration",
        "Music: how concentrated the plays are",
        "The catalog's tracks ranked by total plays; the top 1 % is the "
            + Page.format(top)
            + " most played of its "
            + Page.format(catalog)
            + " tracks (tracks never played count as part of the catalog).",
        List.of(
            new Blocks.Figures(
                "music-concentration-figures",
                List.of(
                    new Blocks.Figure("music.top_1pct_tracks", "tracks in the top 1 %", top),
                    new Blocks.Figure("music.top_1pct_plays", "their plays", topPlays),
                    new Blocks.Figure(
                        "music.top_1pct_share_pct",
                        "their share of all plays (%)",
                        DataQuality.share(topPlays, total)),
                    new Blocks.Figure(
                        "music.tracks_played",
                        "tracks played at least once",
                        topShare.get("played")))),
            Charts.line(
                new Charts.Spec(
                    "music-concentration-curve",
                    "Share of plays vs share of tracks",
                    "Cumulative share of all plays taken by the most played tracks: the steeper the start, the more a few tracks dominate.",
                    "most played tracks (% of the catalog)",
                    "share of all plays (%)"),
                curve,
                "tracks_pct",
                "plays_pct")));
  }

  /**
   * The dead letters with the input each came from ({@code kind} tracks or listens), told apart by
   * matching their file against the job's --tracks patterns as recorded in the summary.
   */
  private static String deadLettersByFile(Db db, PublishedOutput out) throws SQLException {
    List<PathMatcher> trackPatterns = new ArrayList<>();
    for (String pattern : out.summary().path("tracks_input").asText("").split(",")) {
      String p = pattern.trim();
      if (!p.isEmpty()) {
        trackPatterns.add(
            FileSystems.getDefault()
                .getPathMatcher(
                    "glob:" + (p.startsWith("/") ? p : "**/" + p.replaceFirst("^\\./", ""))));
      }
    }
    StringBuilder trackFiles = new StringBuilder("''");
    for (Map<String, Object> row : db.rows("SELECT DISTINCT file FROM " + out.deadLetters())) {
      String file = String.valueOf(row.get("file"));
      Path path = Path.of(file.replaceFirst("^file:", ""));
      if (trackPatterns.stream().anyMatch(m -> m.matches(path))) {
        trackFiles.append(", ").append(ReadOnlyDuckDb.literal(file));
      }
    }
    return "(SELECT *, CASE WHEN file IN ("
        + trackFiles
        + ") THEN 'tracks' ELSE 'listens' END AS kind FROM "
        + out.deadLetters()
        + ")";
  }
}
