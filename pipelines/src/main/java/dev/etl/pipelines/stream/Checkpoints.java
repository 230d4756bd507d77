package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;

/**
 * {@code --checkpointLocation=DIR}: the embedded Flink job's checkpoints (Kafka offsets, watermark,
 * every keyed state) go to {@code DIR/<flink job id>/chk-N/}, kept after a crash, Ctrl-C or a
 * drain; a start with the same DIR resumes from the newest completed one (the newest {@code
 * chk-N/_metadata}) through Flink's {@code execution.savepoint.path}. Beam's Flink options carry
 * the rest: Beam 2.62 applies {@code --savepointPath} to a remote cluster only, so the restore path
 * goes through a Flink configuration file ({@code --flinkConfDir}) that the embedded cluster reads.
 */
final class Checkpoints {
  /** Without --checkpointingInterval: a restart repeats at most this much of the stream's work. */
  static final long DEFAULT_INTERVAL_MS = 10_000;

  static final String CODERS_FILE = "coders.properties";
  static final String FILE_STEM_FILE = "output-file-stem";
  private static final String CONF_DIR = "flink-conf";
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  private Checkpoints() {}

  /** A completed checkpoint: its folder and when its metadata was written. */
  record Checkpoint(Path dir, long number, Instant completed) {
    @Override
    public String toString() {
      return dir + " (checkpoint " + number + ", completed " + completed + ")";
    }
  }

  /**
   * The arguments with Flink's checkpointing switched on when {@code --checkpointLocation} is
   * given, and the restore path when it holds a completed checkpoint; a location that cannot be
   * written is a user error, before anything starts.
   */
  static List<String> withCheckpointing(List<String> args) {
    String location = RunnerProfiles.valueOf(args, "checkpointLocation");
    if (location == null) {
      return args;
    }
    String runner = RunnerProfiles.valueOf(args, "runner");
    if (runner == null || !runner.endsWith("FlinkRunner")) {
      throw new UserError(
          "--checkpointLocation needs the Flink runner (the default): the direct runner keeps no checkpoints");
    }
    if (RunnerProfiles.given(args, "flinkConfDir") || RunnerProfiles.given(args, "savepointPath")) {
      throw new UserError(
          "--checkpointLocation chooses the checkpoint to resume from itself: leave out --flinkConfDir and --savepointPath");
    }
    Path dir = writableDir(location);
    List<String> all = new ArrayList<>(args);
    if (!RunnerProfiles.given(args, "checkpointingInterval")) {
      all.add("--checkpointingInterval=" + DEFAULT_INTERVAL_MS);
    }
    all.add("--stateBackend=filesystem");
    all.add("--stateBackendStoragePath=" + dir.toUri());
    all.add("--externalizedCheckpointsEnabled=true");
    all.add("--retainExternalizedCheckpointsOnCancellation=true");
    Optional<Checkpoint> latest = latest(dir);
    if (latest.isPresent()) {
      Path conf = dir.resolve(CONF_DIR);
      try {
        Files.createDirectories(conf);
        Files.writeString(
            conf.resolve("flink-conf.yaml"),
            "execution.savepoint.path: " + latest.get().dir().toUri() + "\n",
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError("cannot write to --checkpointLocation=" + location + ": " + e, e);
      }
      all.add("--flinkConfDir=" + conf);
    }
    return all;
  }

  /** The location as an absolute local folder, created if missing and proven writable. */
  static Path writableDir(String location) {
    if (location.startsWith("s3://") || location.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw new UserError(
          "--checkpointLocation must be a local folder: this build's embedded Flink has no file system for "
              + location.replaceAll("://.*", "://")
              + " (its checkpoints would need the flink-s3-fs plugin, which the package mirror does not serve)");
    }
    Path dir = Path.of(location).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe-", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new UserError(
          "cannot write checkpoints to --checkpointLocation="
              + location
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
    return dir;
  }

  /**
   * The newest completed checkpoint under {@code dir}: a {@code <job id>/chk-N} folder with a
   * {@code _metadata} file (Flink writes that file last), newest by its time, then by N.
   */
  static Optional<Checkpoint> latest(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Checkpoint> found = new ArrayList<>();
    try (Stream<Path> jobs = Files.list(dir)) {
      for (Path job : jobs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> chks = Files.list(job)) {
          for (Path chk : chks.toList()) {
            Matcher m = CHK.matcher(chk.getFileName().toString());
            Path metadata = chk.resolve("_metadata");
            if (m.matches() && Files.isRegularFile(metadata)) {
              found.add(
                  new Checkpoint(
                      chk,
                      Long.parseLong(m.group(1)),
                      Files.getLastModifiedTime(metadata).toInstant()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot read --checkpointLocation=" + dir + ": " + e.getMessage(), e);
    }
    return found.stream()
        .max(Comparator.comparing(Checkpoint::completed).thenComparingLong(Checkpoint::number));
  }

  /**
   * Deletes the folders of earlier jobs except the one holding {@code keep}: a job keeps only its
   * newest checkpoint, and a resumed job writes its own, so older ones are never read again.
   */
  static void removeOlderJobs(Path dir, Optional<Checkpoint> keep) {
    Path keepJob = keep.map(c -> c.dir().getParent()).orElse(null);
    try (Stream<Path> jobs = Files.list(dir)) {
      for (Path job : jobs.filter(Files::isDirectory).toList()) {
        String name = job.getFileName().toString();
        if (job.equals(keepJob) || !name.matches("[0-9a-f]{32}")) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(job)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      System.err.println("bank-stream: could not remove old checkpoints in " + dir + ": " + e);
    }
  }

  /**
   * Our coder classes in the pipeline, each with a hash of its class file: a checkpoint holds
   * values in these encodings, so a build that changed one of them cannot read it.
   */
  static Map<String, String> coderClasses(Pipeline pipeline) {
    Map<String, String> classes = new TreeMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitValue(PValue value, TransformHierarchy.Node producer) {
            if (value instanceof PCollection<?> collection) {
              addCoder(collection.getCoder(), classes);
            }
          }
        });
    return classes;
  }

  private static void addCoder(Coder<?> coder, Map<String, String> classes) {
    Class<?> type = coder.getClass();
    if (type.getName().startsWith("dev.etl.") && !classes.containsKey(type.getName())) {
      classes.put(type.getName(), classHash(type));
    }
    for (Coder<?> component : coder.getCoderArguments()) {
      addCoder(component, classes);
    }
    if (coder instanceof org.apache.beam.sdk.coders.StructuredCoder<?> structured) {
      for (Coder<?> component : structured.getComponents()) {
        addCoder(component, classes);
      }
    }
  }

  private static String classHash(Class<?> type) {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      byte[] bytes =
          in == null ? type.getName().getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Before a resume: every coder class the checkpoint's build recorded must be unchanged (classes
   * new to this build are fine: their steps start empty). Then records this build's classes.
   */
  static void checkBuild(Path dir, Optional<Checkpoint> resume, Map<String, String> current) {
    Path file = dir.resolve(CODERS_FILE);
    if (resume.isPresent() && Files.isRegularFile(file)) {
      Properties recorded = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        recorded.load(in);
      } catch (IOException e) {
        throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
      }
      List<String> changed = new ArrayList<>();
      for (String name : recorded.stringPropertyNames()) {
        if (current.containsKey(name) && !current.get(name).equals(recorded.getProperty(name))) {
          changed.add(name.replaceAll(".*\\.", ""));
        }
      }
      if (!changed.isEmpty()) {
        throw new UserError(
            "the checkpoint "
                + resume.get().dir()
                + " was written by a build with other coders ("
                + String.join(", ", changed)
                + " changed), so this build cannot read its state: run that build again, or start"
                + " afresh with a new --checkpointLocation (and --startFrom=committed to go on"
                + " where the group's committed offsets are)");
      }
    }
    Properties record = new Properties();
    current.forEach(record::setProperty);
    try (var out = Files.newOutputStream(file)) {
      record.store(out, "coder classes of the build that writes these checkpoints");
    } catch (IOException e) {
      throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The name stem of --output's Parquet files for this job and every job that resumes from its
   * checkpoints: a restored job must know the files its killed predecessor wrote after the
   * checkpoint, including those in folders the checkpoint has no state for. A start without a
   * checkpoint begins a new stem (files of an attempt that never completed a checkpoint stay).
   */
  static String outputFileStem(Path dir, Optional<Checkpoint> resume) {
    Path file = dir.resolve(FILE_STEM_FILE);
    try {
      if (resume.isPresent() && Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String stem = newOutputFileStem();
      Files.writeString(file, stem + "\n", StandardCharsets.UTF_8);
      return stem;
    } catch (IOException e) {
      throw new UserError("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A stem of its own for a job that cannot be resumed (no --checkpointLocation). */
  static String newOutputFileStem() {
    return "part-" + RunReport.newRunId(Instant.now());
  }
}
