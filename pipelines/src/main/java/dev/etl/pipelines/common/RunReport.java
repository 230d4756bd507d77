package dev.etl.pipelines.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job into a staging area, turns its in-pipeline counts into {@code _SUMMARY.json}, checks
 * the reconciliation (rows in = rows accounted for) and commits only a balanced result.
 */
public final class RunReport {
  public static final String SUMMARY_FILE = "_SUMMARY.json";
  public static final String COUNTS_FILE = "_counts.tsv";
  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Adds the job's steps to the pipeline, writing results under the staging area. */
  @FunctionalInterface
  public interface GraphBuilder {
    void build(Pipeline pipeline, StagedOutput staged);
  }

  /** Turns raw counts into the job's summary figures and declares its balance equations. */
  @FunctionalInterface
  public interface Reconciler {
    void reconcile(Figures figures) throws IOException;
  }

  private final Map<String, Object> summary;
  private final List<String> imbalances;
  private final List<String> checks;

  /** Set when the run had nothing to do: the one line it prints instead of a summary. */
  private final String nothingToDo;

  private RunReport(Map<String, Object> summary, List<String> imbalances, List<String> checks) {
    this(summary, imbalances, checks, null);
  }

  private RunReport(
      Map<String, Object> summary,
      List<String> imbalances,
      List<String> checks,
      String nothingToDo) {
    this.summary = summary;
    this.imbalances = imbalances;
    this.checks = checks;
    this.nothingToDo = nothingToDo;
  }

  /** A run that started no runner and changed nothing (e.g. no new input): one line, exit 0. */
  public static RunReport nothingToDo(String line) {
    return new RunReport(Map.of(), List.of(), List.of(), line);
  }

  /** The line of a run that had nothing to do, or null. */
  public String nothingToDoLine() {
    return nothingToDo;
  }

  /** The balance equations with their outcome, for the console. */
  public List<String> checks() {
    return checks;
  }

  public Map<String, Object> summary() {
    return summary;
  }

  public boolean reconciled() {
    return imbalances.isEmpty();
  }

  public List<String> imbalances() {
    return imbalances;
  }

  /**
   * Prints the summary and the reconciliation; returns the exit code (0, or 3 when it did not
   * balance).
   */
  public int print() {
    if (nothingToDo != null) {
      System.out.println(nothingToDo);
      return 0;
    }
    System.out.println(toJson());
    checks.forEach(check -> System.out.println("reconciliation: " + check));
    if (!reconciled()) {
      System.err.println(
          "error: the run does not reconcile, so its output was not published: " + imbalances);
      return 3;
    }
    return 0;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RunReport runStaged(
      EtlOptions options,
      String job,
      Map<String, Object> header,
      List<String> inputs,
      List<String> results,
      GraphBuilder builder,
      Reconciler reconciler)
      throws IOException {
    long startNanos = System.nanoTime();
    Instant started = Instant.now();
    String runId = newRunId(started);
    Pipeline pipeline = Pipeline.create(options);
    StagedOutput staged = StagedOutput.under(options.getOutput(), runId);
    staged.begin();
    try (StopNotice stop = StopNotice.register(job, staged)) {
      return runAndCommit(
          stop,
          pipeline,
          staged,
          options,
          job,
          header,
          inputs,
          results,
          builder,
          reconciler,
          started,
          startNanos);
    } finally {
      staged.release();
    }
  }

  private static RunReport runAndCommit(
      StopNotice stop,
      Pipeline pipeline,
      StagedOutput staged,
      EtlOptions options,
      String job,
      Map<String, Object> header,
      List<String> inputs,
      List<String> results,
      GraphBuilder builder,
      Reconciler reconciler,
      Instant started,
      long startNanos)
      throws IOException {
    String runId = staged.runId();
    String runner = options.getRunner().getSimpleName();
    try {
      builder.build(pipeline, staged);
      LOG.info("{} job {} starting on {}, staging under {}", job, runId, runner, staged.staged(""));
      PipelineResult.State state;
      // Flink's run() blocks until a batch job ends, so the reporter runs beside both calls
      try (ProgressReporter progress =
          ProgressReporter.start(job, runner, inputBytes(inputs), options.getQuiet())) {
        state = pipeline.run().waitUntilFinish();
      }
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the pipeline ended in state " + state);
      }
      Figures figures = new Figures(parseCounts(staged.readStaged(COUNTS_FILE)), staged);
      figures.put("job", job);
      figures.put("run_id", runId);
      figures.put("runner", runner);
      header.forEach(figures::put);
      figures.put("output", staged.root());
      reconciler.reconcile(figures);
      figures.put("reconciled", figures.imbalances.isEmpty());
      figures.put("started_at", started.toString());
      figures.put("wall_time_seconds", Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0);
      RunReport report = new RunReport(figures.values, figures.imbalances, figures.checks);
      if (report.reconciled()) {
        staged.writeStaged(SUMMARY_FILE, report.toJson() + "\n");
        stop.committing();
        staged.commit(results);
      } else {
        staged.abort();
      }
      return report;
    } catch (RuntimeException | IOException | Error e) {
      // also on an Error (out of memory, a failed class load): a failure the JVM survives to
      // report leaves no staging behind (abort keeps it when a commit is half done: see there)
      try {
        staged.abort();
      } catch (IOException | RuntimeException | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** A run's id: its UTC start second and four random hex digits, e.g. 20261206-093145-956d. */
  public static String newRunId(Instant started) {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started)
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /** The inputs' total size, for the progress line (0 when unknown). */
  private static long inputBytes(List<String> patterns) {
    long total = 0;
    try {
      for (MatchResult match : FileSystems.match(patterns, EmptyMatchTreatment.ALLOW)) {
        for (MatchResult.Metadata file : match.metadata()) {
          total += file.sizeBytes();
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  static Map<String, Long> parseCounts(String tsv) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : tsv.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        counts.merge(
            line.substring(0, tab), Long.parseLong(line.substring(tab + 1).trim()), Long::sum);
      }
    }
    return counts;
  }

  /** The summary under construction: raw counts in, named figures out (in insertion order). */
  public static final class Figures {
    private final Counts counts;
    private final StagedOutput staged;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> imbalances = new java.util.ArrayList<>();
    private final List<String> checks = new java.util.ArrayList<>();

    Figures(Map<String, Long> counts, StagedOutput staged) {
      this.counts = new Counts(counts);
      this.staged = staged;
    }

    /** The staging area of the run (to stage what the reconciliation decides, e.g. a record). */
    public StagedOutput staged() {
      return staged;
    }

    /** A figure already put, or null. */
    public Object value(String key) {
      return values.get(key);
    }

    /** Declares that two figures described by {@code equation} must be equal. */
    public void requireEqual(String equation, long left, long right) {
      checks.add(
          equation + (left == right ? "  OK" : "  MISMATCH (" + left + " vs " + right + ")"));
      if (left != right) {
        imbalances.add(equation + " does not hold: " + left + " vs " + right);
      }
    }

    /** Rows actually in the written Parquet files of a result folder. */
    public long writtenRows(String result) throws IOException {
      return staged.stagedParquetRows(result);
    }

    /** The run's summed counts, which the figures are made from. */
    public Counts counts() {
      return counts;
    }

    public long count(String label) {
      return counts.count(label);
    }

    public long total(String prefix) {
      return counts.total(prefix);
    }

    public Map<String, Long> byPrefix(String prefix) {
      return counts.byPrefix(prefix);
    }

    public void put(String key, Object value) {
      values.put(key, value);
    }

    /** Declares that figure {@code total} must equal the sum of {@code parts}. */
    public void requireBalance(String total, List<String> parts) {
      long sum = 0;
      for (String part : parts) {
        sum += ((Number) values.get(part)).longValue();
      }
      long expected = ((Number) values.get(total)).longValue();
      String equation = equation(total, parts);
      checks.add(equation + (sum == expected ? "  OK" : "  MISMATCH (" + sum + ")"));
      if (sum != expected) {
        imbalances.add(equation + " does not hold: the parts add up to " + sum);
      }
    }

    /** "rows_read 5000 = rows_clean 4900 + duplicates_removed 20 + rows_rejected 80" */
    private String equation(String total, List<String> parts) {
      StringBuilder text = new StringBuilder(total + " " + values.get(total) + " =");
      for (int i = 0; i < parts.size(); i++) {
        text.append(i == 0 ? " " : " + ")
            .append(parts.get(i))
            .append(' ')
            .append(values.get(parts.get(i)));
      }
      return text.toString();
    }
  }
}
