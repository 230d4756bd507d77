package dev.etl.pipelines.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A job writes everything under {@code DIR/_staging-<run id>/} and only a successful, reconciled run
 * {@link #commit commits}: the previous results are deleted and the new ones moved into place. A
 * failed run leaves the previous result untouched (and {@link #abort} removes its staging area).
 * Folders starting with '_' are ignored by Spark, Hive and Athena, so staging is never read as data.
 * Works through Beam's FileSystems, so the same code serves every filesystem Beam supports.
 */
public final class StagedOutput {
  private final String root;
  private final String staging;

  private StagedOutput(String root, String staging) {
    this.root = root;
    this.staging = staging;
  }

  /** Needs FileSystems set up (Pipeline.create does it). A relative local path is made absolute. */
  public static StagedOutput under(String outputDir, String runId) {
    // Beam hands back matched files under their absolute name: use the same spelling for the root.
    String resolved = FileSystems.matchNewResource(outputDir, true).toString();
    String root = resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved;
    return new StagedOutput(root, root + "/_staging-" + runId);
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
    long rows = 0;
    for (String pattern : List.of(staged(relative) + "/*.parquet", staged(relative) + "/*/*.parquet")) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata file : match.metadata()) {
          rows += ParquetRowCount.of(file);
        }
      }
    }
    return rows;
  }

  /** Replaces the given results (folders or files, relative to the output directory) by the staged ones. */
  public void commit(List<String> results) throws IOException {
    for (String result : results) {
      delete(filesOf(root + "/" + result));
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
      createLocalParents(to);
      FileSystems.rename(from, to, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    abort();
    for (String result : results) {
      removeEmptyLocalDirs(root + "/" + result, false);
    }
  }

  /** Removes the staging area (after a failure, or what is left after a commit). */
  public void abort() throws IOException {
    delete(filesOf(staging));
    removeEmptyLocalDirs(staging, true);
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

  private static Path localPath(String path) {
    if (path.startsWith("file://")) {
      return Paths.get(path.substring("file://".length()));
    }
    return path.contains("://") ? null : Paths.get(path);
  }

  /** Local filesystems need the target folders; object stores have none. */
  private static void createLocalParents(List<ResourceId> targets) throws IOException {
    for (ResourceId target : targets) {
      Path local = localPath(target.toString());
      if (local != null && local.getParent() != null) {
        Files.createDirectories(local.getParent());
      }
    }
  }

  /** Folders emptied by moves stay behind on a local filesystem; remove them (and the root if asked). */
  private static void removeEmptyLocalDirs(String path, boolean includingRoot) throws IOException {
    Path local = localPath(path);
    if (local == null || !Files.isDirectory(local)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(local)) {
      dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path dir : dirs) {
      if (dir.equals(local) && !includingRoot) {
        continue;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }
}
