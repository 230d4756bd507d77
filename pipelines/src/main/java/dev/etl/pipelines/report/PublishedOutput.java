package dev.etl.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.CommitGuard;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.ReadOnlyDuckDb;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.music.MusicPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One job's published output folder, checked before anything is queried: it must hold a {@code
 * _SUMMARY.json} of the expected job with every key and result folder this report reads, so that a
 * wrong folder, another job's output or an older version's fails with one sentence.
 */
record PublishedOutput(String job, Path dir, JsonNode summary) {
  static final List<String> BANK_KEYS =
      List.of(
          "rows_read",
          "rows_clean",
          "duplicates_removed",
          "rows_rejected",
          "rejected_by_reason",
          "dob_unknown",
          "customers",
          "customers_by_segment",
          "suspicious_by_reason",
          "suspicious_rows",
          "rfm_boundaries");
  static final List<String> BANK_FOLDERS =
      List.of("transactions", "customers", "customer_segments", "suspicious_transactions");
  static final List<String> MUSIC_KEYS =
      List.of(
          "tracks_read",
          "tracks_clean",
          "track_duplicates_removed",
          "tracks_rejected",
          "tracks_rejected_by_reason",
          "listens_read",
          "listens_clean",
          "listen_duplicates_removed",
          "listens_merged",
          "listens_rejected",
          "listens_rejected_by_reason",
          "users",
          "segment_boundaries",
          "users_by_segment",
          "top_n",
          "snapshot_date");
  static final List<String> MUSIC_FOLDERS =
      List.of("tracks", "listens", "top_tracks", "top_artists", "top_genres", "user_segments");

  static PublishedOutput open(String job, String location) {
    String option = "--" + job + "=" + location;
    if (location.startsWith("s3://")) {
      throw new UserError(
          option
              + ": the report reads local folders only; copy the output first (aws s3 sync "
              + location
              + " DIR)");
    }
    Path dir = Path.of(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UserError(option + ": no such folder");
    }
    CommitGuard.requireFinished(job, dir);
    Path summaryFile = dir.resolve(RunReport.SUMMARY_FILE);
    if (!Files.isRegularFile(summaryFile)) {
      throw new UserError(
          option
              + " holds no job output (no "
              + RunReport.SUMMARY_FILE
              + "): run ./etl "
              + job
              + " --output="
              + location
              + " first, or point to the folder a run wrote");
    }
    JsonNode summary;
    try {
      summary = new ObjectMapper().readTree(summaryFile.toFile());
    } catch (IOException e) {
      throw new UserError(
          option + ": " + RunReport.SUMMARY_FILE + " is not a job summary (not valid JSON)");
    }
    String found =
        summary == null || !summary.hasNonNull("job") ? null : summary.get("job").asText();
    if (found == null) {
      throw new UserError(
          option
              + ": "
              + RunReport.SUMMARY_FILE
              + " names no job, so it is not from this project's ./etl "
              + job
              + " (or from a version too old to report on): re-run ./etl "
              + job);
    }
    if (!found.equals(job)) {
      throw new UserError(
          option
              + " holds the "
              + found
              + " job's output, not the "
              + job
              + " job's (pass it as --"
              + found
              + "=...)");
    }
    boolean bank = job.equals("bank");
    for (String key : bank ? BANK_KEYS : MUSIC_KEYS) {
      if (!summary.has(key)) {
        throw new UserError(
            option
                + " was written by an older version of the "
                + job
                + " job (its "
                + RunReport.SUMMARY_FILE
                + " has no "
                + key
                + "): re-run ./etl "
                + job
                + " to refresh it");
      }
    }
    for (String folder : bank ? BANK_FOLDERS : MUSIC_FOLDERS) {
      if (!hasParquet(dir.resolve(folder))) {
        throw new UserError(
            option
                + " is incomplete: "
                + folder
                + "/ holds no Parquet file (was it copied only in part?)");
      }
    }
    return new PublishedOutput(job, dir, summary);
  }

  private static boolean hasParquet(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(folder, 2)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Result folders with Hive partition folders below them (from the jobs' table lists). */
  private static final Set<String> PARTITIONED =
      Stream.concat(BankPipeline.TABLES.stream(), MusicPipeline.TABLES.stream())
          .filter(PublishedTable::partitioned)
          .map(PublishedTable::name)
          .collect(Collectors.toUnmodifiableSet());

  /** A read_parquet() scan of a result folder (Hive partitions below it are columns). */
  String parquet(String folder) {
    boolean partitioned = PARTITIONED.contains(folder);
    String glob = dir.resolve(folder) + (partitioned ? "/*/*.parquet" : "/*.parquet");
    return "read_parquet("
        + ReadOnlyDuckDb.literal(glob)
        + (partitioned ? ", hive_partitioning=true" : "")
        + ")";
  }

  /** The music job's snapshot that the summary describes (its last run's --snapshotDate). */
  String snapshotDate() {
    return summary.get("snapshot_date").asText();
  }

  /** One snapshot (YYYY-MM-DD) of a snapshot table, as a relation. */
  String snapshot(String folder, String day) {
    return "(SELECT * FROM "
        + parquet(folder)
        + " WHERE snapshot_date = DATE "
        + ReadOnlyDuckDb.literal(day)
        + ")";
  }

  /** The dead letters, or an empty relation of the same columns when the job rejected nothing. */
  String deadLetters() {
    String columns = "file VARCHAR, position BIGINT, raw VARCHAR, reason VARCHAR, detail VARCHAR";
    boolean any;
    try (Stream<Path> files = Files.list(dir.resolve("rejected"))) {
      any =
          files.anyMatch(
              f -> f.getFileName().toString().endsWith(".jsonl") && f.toFile().length() > 0);
    } catch (IOException e) {
      any = false;
    }
    if (!any) {
      return "(SELECT * FROM (VALUES (NULL, NULL, NULL, NULL, NULL)) t("
          + columns.replaceAll(" [A-Z]+", "")
          + ") WHERE false)";
    }
    return "read_json("
        + ReadOnlyDuckDb.literal(dir.resolve("rejected") + "/*.jsonl")
        + ", format='newline_delimited', columns={file: 'VARCHAR', position: 'BIGINT', raw: 'VARCHAR', reason: 'VARCHAR', detail: 'VARCHAR'})";
  }

  long figure(String key) {
    return summary.get(key).asLong();
  }
}
