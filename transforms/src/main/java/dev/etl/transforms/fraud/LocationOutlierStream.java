package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * {@code location_outlier} in a stream: the batch rule ({@link LocationOutlier#score}, same
 * threshold and minimum) against statistics published by a batch run rather than computed from the
 * stream, which has no end to compute them over. Each worker reads them when it starts and again
 * when they change, checked at most every {@code refresh} of wall-clock time; a failed re-read
 * keeps the statistics it has (a batch run may be replacing them at that moment). Not a side input:
 * a side-input source would never let a drained stream end.
 */
public final class LocationOutlierStream
    extends PTransform<PCollection<BankTransaction>, PCollection<Suspicion>> {

  /** Where the statistics come from: the job supplies the I/O, the rule stays free of it. */
  public interface Source extends Serializable {
    /** Changes whenever the statistics do (e.g. the files' names, sizes and times). */
    String version() throws IOException;

    /** Every location's statistics. */
    Map<String, LocationStats> read() throws IOException;
  }

  private final Source source;
  private final Duration refresh;
  private final double threshold;
  private final long minTransactions;

  private LocationOutlierStream(
      Source source, Duration refresh, double threshold, long minTransactions) {
    this.source = source;
    this.refresh = refresh;
    this.threshold = threshold;
    this.minTransactions = minTransactions;
  }

  public static LocationOutlierStream of(
      Source source, Duration refresh, double threshold, long minTransactions) {
    return new LocationOutlierStream(source, refresh, threshold, minTransactions);
  }

  @Override
  public PCollection<Suspicion> expand(PCollection<BankTransaction> transactions) {
    return transactions
        .apply(
            "ScoreAgainstPublishedStats",
            ParDo.of(new ScoreFn(source, refresh.getMillis(), threshold, minTransactions)))
        .setCoder(Suspicion.SuspicionCoder.of());
  }

  static final class ScoreFn extends DoFn<BankTransaction, Suspicion> {
    private final Source source;
    private final long refreshMs;
    private final double threshold;
    private final long minTransactions;
    private transient Map<String, LocationStats> stats;
    private transient String version;
    private transient long checkedAtMs;

    ScoreFn(Source source, long refreshMs, double threshold, long minTransactions) {
      this.source = source;
      this.refreshMs = refreshMs;
      this.threshold = threshold;
      this.minTransactions = minTransactions;
    }

    @Setup
    public void setup() throws IOException {
      version = source.version();
      stats = source.read();
      checkedAtMs = System.currentTimeMillis();
    }

    @StartBundle
    public void startBundle() {
      long now = System.currentTimeMillis();
      if (now - checkedAtMs < refreshMs) {
        return;
      }
      checkedAtMs = now;
      try {
        String current = source.version();
        if (!current.equals(version)) {
          stats = source.read();
          version = current;
          System.out.println(
              "bank-stream: location statistics re-read (" + stats.size() + " locations)");
        }
      } catch (IOException | RuntimeException e) {
        System.err.println(
            "bank-stream: location statistics not re-read, keeping the previous ones: " + e);
      }
    }

    @ProcessElement
    public void process(@Element BankTransaction t, OutputReceiver<Suspicion> out) {
      if (t.location() == null) {
        return;
      }
      Suspicion hit = LocationOutlier.score(t, stats.get(t.location()), threshold, minTransactions);
      if (hit != null) {
        out.output(hit);
      }
    }
  }
}
