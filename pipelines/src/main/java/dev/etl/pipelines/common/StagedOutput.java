package dev.etl.pipelines.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A job writes everything under {@code DIR/_staging-<run id>/} and only a successful, reconciled
 * run {@link #commit commits}. A failed run leaves the previous result untouched (and {@link
 * #abort} removes its staging area). Folders and files starting with '_' are ignored by Spark,
 * Hive, Athena and Trino, so staging, lock and journal are never read as data.
 *
 * <p>A local output is crash-safe ({@link LocalCommit}): a run holds {@code DIR/_LOCK} from {@link
 * #begin} to {@link #release}, commits by renames recorded in a journal that the next run finishes,
 * and removes staging folders of runs that provably died. Other filesystems (S3) go through Beam's
 * FileSystems: delete the previous result, then move the new one in (no rename, no lock).
 */
public final class StagedOutput {
  static final String STAGING_PREFIX = "_staging-";
  private final String root;
  private final String staging;
  private final String runId;
  private final LocalCommit local;

  /** Results whose published files stay and are joined by the staged ones (see keepPublished). */
  private final List<String> kept = new ArrayList<>();

  private StagedOutput(String root, String staging, String runId) {
    this.root = root;
    this.staging = staging;
    this.runId = runId;
    Path localRoot = localPath(root);
    this.local = localRoot == null ? null : new LocalCommit(localRoot, runId);
  }

  /** Needs FileSystems set up (Pipeline.create does it). A relative local path is made absolute. */
  public static StagedOutput under(String outputDir, String runId) {
    String root = rootOf(outputDir);
    return new StagedOutput(root, root + "/" + STAGING_PREFIX + runId, runId);
  }

  /** The output directory as the commit spells it (absolute, no trailing '/'). */
  public static String rootOf(String outputDir) {
    // Beam hands back matched files under their absolute name: use the same spelling for the root.
    String resolved = FileSystems.matchNewResource(outputDir, true).toString();
    return resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved;
  }

  /**
   * Before a run writes anything (local output): takes the output's lock (a {@link UserError} if a
   * live run holds it), finishes a commit a killed run left half done, removes dead runs' staging.
   */
  public void begin() throws IOException {
    if (local != null) {
      local.begin();
    }
  }

  /** After the run, committed or not: gives the lock back. */
  public void release() throws IOException {
    if (local != null) {
      local.release();
    }
  }

  public String runId() {
    return runId;
  }

  /** Where a result (folder or file name relative to the output directory) is staged. */
  public String staged(String relative) {
    return staging + "/" + relative;
  }

  public String root() {
    return root;
  }

  public String readStaged(String relative) throws IOException {
    ResourceId file = FileSystems.matchSingleFileSpec(staged(relative)).resourceId();
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public void writeStaged(String relative, String content) throws IOException {
    ResourceId file = FileSystems.matchNewResource(staged(relative), false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Rows in the staged Parquet files of a result folder (from their footers). */
  public long stagedParquetRows(String relative) throws IOException {
    return parquetRows(staged(relative));
  }

  /** Rows in the published Parquet files of a result folder, as the last commit left them. */
  public long publishedParquetRows(String relative) throws IOException {
    return parquetRows(root + "/" + relative);
  }

  private static long parquetRows(String dir) throws IOException {
    long rows = 0;
    for (String pattern : List.of(dir + "/*.parquet", dir + "/*/*.parquet")) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata file : match.metadata()) {
          rows += ParquetRowCount.of(file);
        }
      }
    }
    return rows;
  }

  /**
   * The published files of {@code result} (a folder, relative to the output directory) stay: the
   * commit publishes them together with the staged ones, and never rewrites them. Locally they are
   * hard-linked into the staging folder just before the journal, so the folder's rename still swaps
   * old for new in one step; on other filesystems the commit just does not delete them.
   */
  public void keepPublished(String result) {
    kept.add(result);
  }

  /**
   * Replaces the given results (folders or files, relative to the output directory) by the staged
   * ones.
   */
  public void commit(List<String> results) throws IOException {
    if (local != null) {
      for (String result : kept) {
        local.keepPublished(result);
      }
      for (LocalCommit.Step step : local.commitSteps(results)) {
        step.run();
      }
      return;
    }
    for (String result : results) {
      List<ResourceId> previous = filesOf(root + "/" + result);
      previous.removeIf(this::isKept);
      delete(previous);
    }
    for (String result : results) {
      List<ResourceId> from = filesOf(staged(result));
      List<ResourceId> to = new ArrayList<>();
      for (ResourceId source : from) {
        String name = source.toString();
        if (!name.startsWith(staging + "/")) {
          throw new IOException("staged file " + name + " is not under " + staging);
        }
        String target = root + name.substring(staging.length());
        to.add(FileSystems.matchNewResource(target, false));
      }
      FileSystems.rename(from, to, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    abort();
  }

  private boolean isKept(ResourceId file) {
    String name = file.toString();
    return kept.stream().anyMatch(result -> name.startsWith(root + "/" + result + "/"));
  }

  /** Removes the staging area (after a failure, or what is left after a commit). */
  public void abort() throws IOException {
    if (local != null) {
      if (local.journalNamesThisRun()) {
        return; // a commit failed half way: its journal needs the staged rest to finish it
      }
      LocalCommit.deleteTreeOnceWritersStop(local.staging());
      return;
    }
    delete(filesOf(staging));
  }

  /** The files of a folder (recursively), or the file itself. */
  private static List<ResourceId> filesOf(String path) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (String pattern : List.of(path, path + "/**")) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(m.resourceId());
          }
        }
      }
    }
    return files;
  }

  private static void delete(List<ResourceId> files) throws IOException {
    if (!files.isEmpty()) {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  static Path localPath(String path) {
    if (path.startsWith("file://")) {
      return Paths.get(path.substring("file://".length()));
    }
    return path.contains("://") ? null : Paths.get(path);
  }
}
