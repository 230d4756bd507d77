package dev.etl.pipelines.report;

import static dev.etl.pipelines.report.BankReport.row;

import com.fasterxml.jackson.databind.JsonNode;
import dev.etl.transforms.music.SegmentBoundaries;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The music job's sections: data quality, top lists, plays per user, listener segments,
 * concentration.
 */
final class MusicReport {
  private MusicReport() {}

  static List<Blocks.Section> sections(Db db, PublishedOutput out) throws SQLException {
    String tracks = out.parquet("tracks");
    String listens = out.parquet("listens");
    String snapshot = out.snapshotDate();
    // the snapshot tables hold every run's snapshot: the report describes the summary's one
    String users = out.snapshot("user_segments", snapshot);
    JsonNode summary = out.summary();
    String deadLetters = deadLettersByFile(db, out);
    List<Blocks.Section> sections = new ArrayList<>();

    Map<String, Long> rejectedCounted =
        BankReport.counts(
            db,
            "SELECT kind || ':' || reason AS k, count(*) AS n FROM " + deadLetters + " GROUP BY 1");
    List<DataQuality.Line> trackLines = new ArrayList<>();
    trackLines.add(new DataQuality.Line("read", out.figure("tracks_read"), null));
    trackLines.add(
        new DataQuality.Line(
            "clean", out.figure("tracks_clean"), db.count("SELECT count(*) FROM " + tracks)));
    trackLines.add(
        new DataQuality.Line("duplicates removed", out.figure("track_duplicates_removed"), null));
    summary
        .get("tracks_rejected_by_reason")
        .fields()
        .forEachRemaining(
            e ->
                trackLines.add(
                    new DataQuality.Line(
                        "rejected: " + e.getKey(),
                        e.getValue().asLong(),
                        rejectedCounted.getOrDefault("tracks:" + e.getKey(), 0L))));
    List<DataQuality.Line> listenLines = new ArrayList<>();
    listenLines.add(new DataQuality.Line("read", out.figure("listens_read"), null));
    listenLines.add(
        new DataQuality.Line(
            "clean (user, track) rows",
            out.figure("listens_clean"),
            db.count("SELECT count(*) FROM " + listens)));
    listenLines.add(
        new DataQuality.Line("duplicates removed", out.figure("listen_duplicates_removed"), null));
    listenLines.add(
        new DataQuality.Line("merged into another line", out.figure("listens_merged"), null));
    summary
        .get("listens_rejected_by_reason")
        .fields()
        .forEachRemaining(
            e ->
                listenLines.add(
                    new DataQuality.Line(
                        "rejected: " + e.getKey(),
                        e.getValue().asLong(),
                        rejectedCounted.getOrDefault("listens:" + e.getKey(), 0L))));
    sections.add(
        new Blocks.Section(
            "music-quality",
            "Music: data quality",
            "From "
                + out.dir()
                + " (run "
                + summary.path("run_id").asText()
                + " on "
                + summary.path("runner").asText()
                + ").",
            List.of(
                new Blocks.Figures(
                    "music-quality-figures",
                    List.of(
                        new Blocks.Figure(
                            "music.tracks_read", "catalog lines read", out.figure("tracks_read")),
                        new Blocks.Figure(
                            "music.tracks_clean", "clean tracks", out.figure("tracks_clean")),
                        new Blocks.Figure(
                            "music.tracks_rejected",
                            "catalog lines rejected",
                            out.figure("tracks_rejected")),
                        new Blocks.Figure(
                            "music.listens_read", "listen lines read", out.figure("listens_read")),
                        new Blocks.Figure(
                            "music.listens_clean",
                            "clean (user, track) rows",
                            out.figure("listens_clean")),
                        new Blocks.Figure(
                            "music.listens_rejected",
                            "listen lines rejected",
                            out.figure("listens_rejected")),
                        new Blocks.Figure("music.users", "users", out.figure("users")))),
                DataQuality.reconciliationChart(
                    "music-reconciliation-tracks", "catalog lines", trackLines),
                DataQuality.reconciliationTable(
                    "music-reconciliation-tracks-table", "catalog lines", trackLines),
                DataQuality.reconciliationChart(
                    "music-reconciliation-listens", "listen lines", listenLines),
                DataQuality.reconciliationTable(
                    "music-reconciliation-listens-table", "listen lines", listenLines),
                DataQuality.rejectedReasons(
                    db,
                    "music-rejected-tracks",
                    "catalog lines",
                    "(SELECT * FROM " + deadLetters + " WHERE kind = 'tracks')",
                    out.figure("tracks_read")),
                DataQuality.rejectedReasons(
                    db,
                    "music-rejected-listens",
                    "listen lines",
                    "(SELECT * FROM " + deadLetters + " WHERE kind = 'listens')",
                    out.figure("listens_read")),
                DataQuality.columnProfile(db, "music-columns-tracks", "tracks", tracks),
                DataQuality.columnProfile(db, "music-columns-listens", "listens", listens),
                DataQuality.columnProfile(
                    db, "music-columns-user_segments", "user_segments", users))));

    int shown = (int) Math.min(10, out.figure("top_n"));
    Object earlier =
        db.row(
                "SELECT max(snapshot_date)::VARCHAR AS d FROM "
                    + out.parquet("top_tracks")
                    + " WHERE snapshot_date < DATE "
                    + Db.literal(snapshot))
            .get("d");
    String previous = earlier == null ? null : earlier.toString();
    List<Map<String, Object>> topTracks =
        ranked(
            db,
            out,
            "top_tracks",
            "track_id",
            "c.name || ' — ' || coalesce(c.artist, '(no artist)') AS track",
            shown,
            snapshot,
            previous);
    List<Map<String, Object>> topArtists =
        ranked(db, out, "top_artists", "artist", "c.artist AS artist", shown, snapshot, previous);
    List<Map<String, Object>> topGenres =
        ranked(db, out, "top_genres", "genre", "c.genre AS genre", shown, snapshot, previous);
    java.util.function.Function<Map<String, Object>, String> label =
        previous == null
            ? null
            : row ->
                Charts.integers().format(Charts.number(row.get("plays")))
                    + " ("
                    + rankChange(row)
                    + ")";
    sections.add(
        new Blocks.Section(
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
            List.of(
                Charts.bar(
                    "music-top-tracks",
                    "Top " + shown + " tracks by plays",
                    "The most played tracks (name — artist) and their total plays.",
                    "track",
                    "plays (count)",
                    topTracks,
                    "track",
                    "plays",
                    true,
                    label),
                Charts.bar(
                    "music-top-artists",
                    "Top " + shown + " artists by plays",
                    "The artists whose tracks were played most, summed over their tracks.",
                    "artist",
                    "plays (count)",
                    topArtists,
                    "artist",
                    "plays",
                    true,
                    label),
                Charts.bar(
                    "music-top-genres",
                    "Top " + shown + " genres by plays",
                    "Plays per genre; tracks without a genre (most of the catalog) are left out.",
                    "genre",
                    "plays (count)",
                    topGenres,
                    "genre",
                    "plays",
                    true,
                    label))));

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
    JsonNode bounds = summary.get("segment_boundaries");
    long light = bounds.path("light_max").asLong();
    long regular = bounds.path("regular_max").asLong();
    long heavy = bounds.path("heavy_max").asLong();
    Map<String, Long> bySegment =
        BankReport.counts(db, "SELECT segment AS k, count(*) AS n FROM " + users + " GROUP BY 1");
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
          row(
              "segment",
              segment[0] + " (" + segment[1] + " plays)",
              "users",
              n,
              "share_pct",
              DataQuality.share(n, userCount)));
    }
    sections.add(
        new Blocks.Section(
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
                    "music-plays-per-user",
                    "Plays per user",
                    "Users per quarter-decade of total plays, both axes on a log scale: most users play little, a long tail plays a lot.",
                    "total plays of a user (count, log scale)",
                    "users (count, log scale)",
                    perUser,
                    true),
                Charts.bar(
                    "music-segments",
                    "Users per listener segment",
                    "Listener segments by total plays, with their bounds (quartiles of plays per user; ties go to the lower segment).",
                    "segment (bounds in total plays)",
                    "users (count)",
                    segments,
                    "segment",
                    "users",
                    false,
                    row -> Page.format(row.get("users")) + " (" + row.get("share_pct") + " %)"))));

    sections.add(concentration(db, out, tracks, listens));
    return sections;
  }

  /**
   * A top list of one snapshot, each entry with its rank in the previous snapshot ({@code
   * previous_rank}, null when it was not in that list or there is no previous snapshot) and {@code
   * rank_change} (places gained).
   */
  private static List<Map<String, Object>> ranked(
      Db db,
      PublishedOutput out,
      String table,
      String key,
      String shownAs, // the chart's category: a SQL expression over c with its alias
      int shown,
      String snapshot,
      String previous)
      throws SQLException {
    String before =
        previous == null
            ? "(SELECT * FROM " + out.snapshot(table, snapshot) + " WHERE false)"
            : out.snapshot(table, previous);
    return db.rows(
        "SELECT c.rank, "
            + shownAs
            + ", c.plays, p.rank AS previous_rank, p.rank - c.rank AS rank_change FROM "
            + out.snapshot(table, snapshot)
            + " c LEFT JOIN "
            + before
            + " p ON p."
            + key
            + " = c."
            + key
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
                "music-concentration-curve",
                "Share of plays vs share of tracks",
                "Cumulative share of all plays taken by the most played tracks: the steeper the start, the more a few tracks dominate.",
                "most played tracks (% of the catalog)",
                "share of all plays (%)",
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
        trackFiles.append(", ").append(Db.literal(file));
      }
    }
    return "(SELECT *, CASE WHEN file IN ("
        + trackFiles
        + ") THEN 'tracks' ELSE 'listens' END AS kind FROM "
        + out.deadLetters()
        + ")";
  }
}
