package dev.etl.pipelines.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run reads: every matched input file (a full run), or, with {@code --incremental} and a
 * committed {@link InputRecord}, only the files not recorded yet. A recorded file that changed
 * (size, modification time or ETag) is a {@link UserError}: raw files are immutable, and a full run
 * is the way to take a changed one.
 */
public record InputPlan(
    boolean incremental, List<InputRecord.Seen> newFiles, Optional<InputRecord> previous) {

  public static final String FULL = "full";
  public static final String INCREMENTAL = "incremental";

  /** {@code outputRoot} as StagedOutput spells it. */
  public static InputPlan of(List<String> patterns, String outputRoot, boolean incremental)
      throws IOException {
    List<InputRecord.Seen> matched = InputRecord.match(patterns);
    Optional<InputRecord> previous = incremental ? InputRecord.read(outputRoot) : Optional.empty();
    if (previous.isEmpty()) {
      return new InputPlan(false, matched, Optional.empty());
    }
    List<InputRecord.Seen> fresh = new ArrayList<>();
    for (InputRecord.Seen file : matched) {
      Optional<InputRecord.File> recorded = previous.get().find(file.path());
      if (recorded.isEmpty()) {
        fresh.add(file);
      } else if (changed(recorded.get(), file)) {
        InputRecord.File r = recorded.get();
        throw new UserError(
            "the input file "
                + file.path()
                + " changed since run "
                + r.runId()
                + " consumed it ("
                + r.sizeBytes()
                + " bytes, modified "
                + r.lastModified()
                + "; now "
                + file.sizeBytes()
                + " bytes, modified "
                + file.lastModified()
                + "): raw files must not change, so run without --incremental to rebuild from it");
      }
    }
    return new InputPlan(true, fresh, previous);
  }

  private static boolean changed(InputRecord.File recorded, InputRecord.Seen now) {
    return recorded.sizeBytes() != now.sizeBytes()
        || !recorded.lastModified().equals(now.lastModified())
        || (recorded.etag() != null
            && now.etag() != null
            && !Objects.equals(recorded.etag(), now.etag()));
  }

  public String mode() {
    return incremental ? INCREMENTAL : FULL;
  }

  /** An incremental run with nothing to read: it does not start a runner. */
  public boolean nothingNew() {
    return incremental && newFiles.isEmpty();
  }

  public List<String> newPaths() {
    return newFiles.stream().map(InputRecord.Seen::path).toList();
  }

  public String previousRunId() {
    return previous.map(InputRecord::lastRunId).orElse(null);
  }

  /**
   * The record this run commits: the previous entries (incremental) and the new files with the data
   * lines this run read from each ({@code linesByFile}, keyed by path).
   */
  public InputRecord recordAfter(String runId, Map<String, Long> linesByFile) {
    List<InputRecord.File> files = new ArrayList<>();
    previous.ifPresent(p -> files.addAll(p.files()));
    for (InputRecord.Seen file : newFiles) {
      files.add(file.consumed(linesByFile.getOrDefault(file.path(), 0L), runId));
    }
    files.sort(java.util.Comparator.comparing(InputRecord.File::path));
    return new InputRecord(runId, mode(), files);
  }
}
