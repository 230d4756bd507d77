package dev.etl.pipelines.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Which raw files the published output was computed from: {@code OUT/_STATE/inputs.json}, written
 * into the staging area and committed with the tables, so the record always describes the tables
 * beside it and travels with the output when it is copied. One entry per file: its path as matched,
 * size, last-modified time, ETag (S3; Beam's local filesystem reports none), data lines read and
 * the run that consumed it.
 */
public record InputRecord(
    @JsonProperty("last_run_id") String lastRunId,
    @JsonProperty("last_mode") String lastMode,
    @JsonProperty("files") List<File> files) {
  public static final String STATE_DIR = "_STATE";
  public static final String FILE = STATE_DIR + "/inputs.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One consumed raw file. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record File(
      @JsonProperty("path") String path,
      @JsonProperty("size_bytes") long sizeBytes,
      @JsonProperty("last_modified") String lastModified,
      @JsonProperty("etag") String etag,
      @JsonProperty("lines") long lines,
      @JsonProperty("run_id") String runId) {}

  /** A raw file as the filesystem reports it now. */
  public record Seen(String path, long sizeBytes, String lastModified, String etag) {
    static Seen of(MatchResult.Metadata m) {
      String etag = m.checksum();
      return new Seen(
          m.resourceId().toString(),
          m.sizeBytes(),
          Instant.ofEpochMilli(m.lastModifiedMillis()).toString(),
          etag == null || etag.isBlank() ? null : etag);
    }

    public File consumed(long lines, String runId) {
      return new File(path, sizeBytes, lastModified, etag, lines, runId);
    }
  }

  /** The files the patterns match now, each once, in path order (the order runs consume them). */
  public static List<Seen> match(List<String> patterns) throws IOException {
    java.util.TreeMap<String, Seen> seen = new java.util.TreeMap<>();
    List<MatchResult> matches = FileSystems.match(patterns, EmptyMatchTreatment.ALLOW);
    for (int i = 0; i < matches.size(); i++) {
      MatchResult match = matches.get(i);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new java.io.FileNotFoundException("No input file matches " + patterns.get(i));
      }
      {
        for (MatchResult.Metadata m : match.metadata()) {
          if (!m.resourceId().isDirectory()) {
            seen.putIfAbsent(m.resourceId().toString(), Seen.of(m));
          }
        }
      }
    }
    return new ArrayList<>(seen.values());
  }

  /** The record committed in {@code outputRoot} (as StagedOutput spells it), if any. */
  public static Optional<InputRecord> read(String outputRoot) throws IOException {
    MatchResult match = FileSystems.match(outputRoot + "/" + FILE, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
      return Optional.of(JSON.readValue(in, InputRecord.class));
    } catch (IOException e) {
      throw new UserError(
          "the record of consumed input files "
              + outputRoot
              + "/"
              + FILE
              + " cannot be read ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); run without --incremental to rebuild it");
    }
  }

  public Optional<File> find(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
