package dev.etl.pipelines.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Crash-safe publishing into a local output directory, keeping the layout readers query ({@code
 * DIR/<table>/...}). Several runs and a killed run are the cases handled:
 *
 * <ul>
 *   <li><b>Lock</b>: {@code DIR/_LOCK} names the holder (run id, pid, host, start times), created
 *       atomically (a hard link of a complete file). A second run fails fast; a lock whose process
 *       is gone (same host, pid not running or reused) is taken over, with a message.
 *   <li><b>Commit</b>: a journal {@code DIR/_COMMIT.json} (written atomically, after the staged
 *       result is complete and reconciled) lists the results; then, table by table, the previous
 *       folder is renamed to {@code DIR/_previous-<run id>/} and the staged one renamed into place;
 *       {@code _SUMMARY.json} goes last, so it always describes the tables beside it once the
 *       journal is gone. A result may also be one partition folder of a table ({@code
 *       top_tracks/snapshot_date=2026-11-27}): then only that folder is replaced, the table's other
 *       partitions are not touched. Each rename is atomic, so a reader sees a table old, new or
 *       (between its two renames) absent, never half of one; a reader scanning several tables
 *       during the milliseconds of a commit may pair a new one with an old one (no rename spans
 *       folders).
 *   <li><b>Recovery</b>: a run that finds a journal (its writer was killed mid-commit) finishes
 *       that commit forward — every step is idempotent — before it starts.
 *   <li><b>Stale staging</b>: {@code _staging-<id>/_RUN.json} names its run's process; a staging
 *       folder whose process is provably gone is removed, with a message; any other is left alone.
 * </ul>
 */
final class LocalCommit {
  static final String LOCK_FILE = "_LOCK";
  static final String JOURNAL_FILE = "_COMMIT.json";
  static final String OWNER_FILE = "_RUN.json";
  static final String PREVIOUS_PREFIX = "_previous-";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final String runId;
  private final Map<String, Object> owner;

  LocalCommit(Path root, String runId) {
    this.root = root.toAbsolutePath();
    this.runId = runId;
    this.owner = ownerOf(runId);
  }

  Path staging() {
    return root.resolve(StagedOutput.STAGING_PREFIX + runId);
  }

  /** One named, idempotent step of a commit: the unit a crash can interrupt. */
  record Step(String name, IoAction action) {
    void run() throws IOException {
      action.run();
    }
  }

  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }

  void begin() throws IOException {
    Files.createDirectories(root);
    lock();
    Optional<Journal> interrupted = readJournal();
    if (interrupted.isPresent()) {
      Journal journal = interrupted.get();
      for (Step step : finishSteps(journal)) {
        step.run();
      }
      System.err.println(
          "note: finished publishing run "
              + journal.runId()
              + " into "
              + root
              + ", which had been interrupted mid-commit");
    }
    removeDeadStaging();
    Files.createDirectories(staging());
    Files.writeString(staging().resolve(OWNER_FILE), JSON.writeValueAsString(owner));
  }

  void release() throws IOException {
    Path lock = root.resolve(LOCK_FILE);
    Map<String, Object> holder = readOwner(lock);
    if (holder != null && runId.equals(holder.get("run_id"))) {
      Files.deleteIfExists(lock);
    }
  }

  /**
   * Before the journal: hard-links every published file of {@code result} into the staging folder
   * (where no staged file has its name), so that the staged folder is the whole new table and its
   * rename publishes old and new files at once. A link shares the file, so nothing is rewritten. A
   * kill here leaves only staging behind, which the next run removes.
   */
  void keepPublished(String result) throws IOException {
    Path published = root.resolve(result);
    if (!Files.isDirectory(published)) {
      return;
    }
    Path staged = staging().resolve(result);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(published)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path target = staged.resolve(published.relativize(file).toString());
      if (Files.exists(target)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      try {
        Files.createLink(target, file);
      } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  /** The whole commit: the journal, then the steps that a recovering run would also take. */
  List<Step> commitSteps(List<String> results) throws IOException {
    removeEmptyDirs(staging()); // e.g. the .temp-beam folders Beam's file sinks leave behind
    List<String> staged = new ArrayList<>();
    for (String result : results) {
      if (Files.exists(staging().resolve(result))) {
        staged.add(result);
      }
    }
    Journal journal = new Journal(runId, publishingOrder(results), staged);
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("write journal", () -> writeJournal(journal)));
    steps.addAll(finishSteps(journal));
    return steps;
  }

  /** _SUMMARY.json last: once it is new, every table beside it is. */
  private static List<String> publishingOrder(List<String> results) {
    List<String> ordered = new ArrayList<>(results);
    ordered.sort(Comparator.comparing((String r) -> r.equals(RunReport.SUMMARY_FILE)));
    return ordered;
  }

  record Journal(String runId, List<String> results, List<String> staged) {}

  private List<Step> finishSteps(Journal journal) {
    Path staging = root.resolve(StagedOutput.STAGING_PREFIX + journal.runId());
    Path previous = root.resolve(PREVIOUS_PREFIX + journal.runId());
    List<Step> steps = new ArrayList<>();
    for (String result : journal.results()) {
      Path published = root.resolve(result);
      Path staged = staging.resolve(result);
      boolean hasNew = journal.staged().contains(result);
      // the published copy is the old one while the new one is still staged (or there is no new
      // one)
      steps.add(
          new Step(
              "set aside previous " + result,
              () -> {
                if (Files.exists(published) && (!hasNew || Files.exists(staged))) {
                  // a result may be one partition folder of a table (table/column=value)
                  Files.createDirectories(previous.resolve(result).getParent());
                  deleteTree(previous.resolve(result));
                  Files.move(published, previous.resolve(result), StandardCopyOption.ATOMIC_MOVE);
                }
              }));
      if (hasNew) {
        steps.add(
            new Step(
                "move in " + result,
                () -> {
                  if (Files.exists(staged)) {
                    Files.createDirectories(published.getParent());
                    Files.move(staged, published, StandardCopyOption.ATOMIC_MOVE);
                  }
                }));
      }
    }
    steps.add(new Step("remove journal", () -> Files.deleteIfExists(root.resolve(JOURNAL_FILE))));
    steps.add(
        new Step(
            "remove previous result and staging",
            () -> {
              deleteTree(previous);
              deleteTree(staging);
            }));
    return steps;
  }

  private void writeJournal(Journal journal) throws IOException {
    Path temp = root.resolve(JOURNAL_FILE + "." + runId + ".tmp");
    Files.write(temp, JSON.writeValueAsBytes(journal));
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, root.resolve(JOURNAL_FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Whether this run's commit journal is there (its commit began and did not end). */
  boolean journalNamesThisRun() throws IOException {
    Optional<Journal> journal = readJournal();
    return journal.isPresent() && journal.get().runId().equals(runId);
  }

  private Optional<Journal> readJournal() throws IOException {
    Path journal = root.resolve(JOURNAL_FILE);
    if (!Files.exists(journal)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(journal.toFile(), Journal.class));
  }

  // ---- the lock

  private void lock() throws IOException {
    Path lock = root.resolve(LOCK_FILE);
    for (int attempt = 0; attempt < 3; attempt++) {
      Path temp = root.resolve(LOCK_FILE + "." + runId + ".tmp");
      Files.writeString(temp, JSON.writeValueAsString(owner));
      try {
        Files.createLink(lock, temp); // atomic, and the lock is complete the moment it exists
        return;
      } catch (FileAlreadyExistsException held) {
        // read the holder below
      } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
        if (createWithContent(lock)) {
          return;
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      Map<String, Object> holder = readOwner(lock);
      if (holder == null && !Files.exists(lock)) {
        continue; // released meanwhile
      }
      if (holder == null) {
        throw new UserError(
            "the output "
                + root
                + " is locked by "
                + lock
                + ", which cannot be read; delete it if no run is using the output");
      }
      if (!provablyDead(holder)) {
        throw new UserError(
            "the output "
                + root
                + " is in use by run "
                + holder.get("run_id")
                + " (pid "
                + holder.get("pid")
                + " on "
                + holder.get("host")
                + ", started "
                + holder.get("started_at")
                + "); wait for it to finish, or, if that run is"
                + " gone, delete "
                + lock);
      }
      // take the stale lock over: rename it away (only one taker wins), check it is the one judged
      // dead
      Path stale = root.resolve(LOCK_FILE + ".stale-" + runId);
      try {
        Files.move(lock, stale, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException raced) {
        continue;
      }
      Map<String, Object> moved = readOwner(stale);
      if (moved != null && !moved.equals(holder)) {
        try {
          Files.createLink(lock, stale); // a live run's fresh lock: give it back
        } catch (FileAlreadyExistsException ignored) {
          // someone else holds it now; the next attempt reports them
        }
      } else {
        System.err.println(
            "note: took over the lock of run "
                + holder.get("run_id")
                + " on "
                + root
                + ": its process (pid "
                + holder.get("pid")
                + ") is no longer running");
      }
      Files.deleteIfExists(stale);
    }
    throw new UserError(
        "could not take the lock "
            + lock
            + " after three attempts: other runs keep starting on this output");
  }

  /**
   * Where hard links are not supported: create-if-absent, then write (a reader may briefly see it
   * empty).
   */
  private boolean createWithContent(Path lock) throws IOException {
    try {
      Files.write(
          lock,
          JSON.writeValueAsBytes(owner),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException held) {
      return false;
    }
  }

  // ---- stale staging folders

  private void removeDeadStaging() throws IOException {
    // with no journal, a previous result set aside is what a finished commit had still to delete
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, PREVIOUS_PREFIX + "*")) {
      for (Path previous : entries) {
        deleteTree(previous);
        System.err.println(
            "note: removed "
                + previous
                + ", a replaced result that a killed run had not yet deleted");
      }
    }
    List<Path> stagings = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(root, StagedOutput.STAGING_PREFIX + "*")) {
      entries.forEach(stagings::add);
    }
    for (Path folder : stagings) {
      if (folder.equals(staging())) {
        continue;
      }
      Map<String, Object> writer = readOwner(folder.resolve(OWNER_FILE));
      if (writer != null && provablyDead(writer)) {
        deleteTree(folder);
        System.err.println(
            "note: removed "
                + folder
                + ", left behind by run "
                + writer.get("run_id")
                + " (pid "
                + writer.get("pid")
                + ", no longer running)");
      } else {
        System.err.println(
            "note: left "
                + folder
                + " alone: it cannot be proven that its run is gone (delete it by hand if it is)");
      }
    }
  }

  // ---- who holds what

  private static Map<String, Object> ownerOf(String runId) {
    ProcessHandle self = ProcessHandle.current();
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("run_id", runId);
    owner.put("pid", self.pid());
    owner.put("host", hostName());
    owner.put("started_at", Instant.now().toString());
    owner.put("process_started_at", self.info().startInstant().map(Instant::toString).orElse(""));
    return owner;
  }

  /**
   * Only on this host can a process be checked; a pid that now runs a later-started process is
   * reused.
   */
  static boolean provablyDead(Map<String, Object> owner) {
    if (!hostName().equals(owner.get("host")) || !(owner.get("pid") instanceof Number pid)) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.longValue());
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    String recorded = String.valueOf(owner.get("process_started_at"));
    Optional<String> actual = process.get().info().startInstant().map(Instant::toString);
    return !recorded.isEmpty() && actual.isPresent() && !actual.get().equals(recorded);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readOwner(Path file) {
    try {
      return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Map.class);
    } catch (IOException missingOrPartial) {
      return null;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void removeEmptyDirs(Path root) throws IOException {
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(root)) {
      dirs =
          walk.filter(Files::isDirectory)
              .filter(d -> !d.equals(root))
              .sorted(Comparator.reverseOrder())
              .toList();
    }
    for (Path dir : dirs) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }

  /**
   * Deletes a failed run's staging folder. The runner's worker threads may still be finishing a
   * bundle after the runner reported the failure, so a file can appear or vanish mid-walk, or the
   * folder come back: deletes until it has stayed gone for 0.3 s (5 s at most).
   */
  static void deleteTreeOnceWritersStop(Path path) throws IOException {
    Exception lastFailure = null;
    int goneFor = 0;
    for (int attempt = 0; attempt < 50 && goneFor < 3; attempt++) {
      if (Files.exists(path)) {
        goneFor = 0;
        try {
          deleteTree(path);
          lastFailure = null;
        } catch (IOException | UncheckedIOException e) {
          lastFailure = e; // a writer's file appeared or vanished mid-walk: try again
        }
      } else {
        goneFor++;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (goneFor >= 3 || !Files.exists(path)) {
      return;
    }
    throw new IOException(
        "could not remove " + path + ": something keeps writing into it", lastFailure);
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(path)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
