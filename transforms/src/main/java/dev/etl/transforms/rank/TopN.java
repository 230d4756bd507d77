package dev.etl.transforms.rank;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The n heaviest ids, ranked 1..n: weight descending, then id ascending, so that ties are broken
 * the same way on every runner and whatever the input order.
 *
 * <p>Elements are (id, weight) pairs already aggregated by the caller (e.g. with {@code
 * Sum.longsPerKey()}), so an id appears once. {@link #globally} ranks with a combiner that keeps at
 * most n pairs per accumulator: no whole history is held in memory. {@link Bounded} does the same
 * in plain Java, for data already grouped inside a DoFn.
 */
public final class TopN {

  private TopN() {}

  /** The top n of a whole collection; an empty collection gives no element. */
  public static Globally globally(int n) {
    return new Globally(checkN(n));
  }

  /** Ranks (id, weight) pairs: greater is better, i.e. heavier, or as heavy with a smaller id. */
  public static Better better() {
    return Better.INSTANCE;
  }

  /**
   * The one ordering of every ranking here. Greater is better, as {@link Top} expects: heavier
   * first, then the smaller id ({@link String#compareTo}).
   */
  public static final class Better implements Comparator<KV<String, Long>>, Serializable {
    private static final Better INSTANCE = new Better();

    private Better() {}

    @Override
    public int compare(KV<String, Long> a, KV<String, Long> b) {
      int byWeight = Long.compare(a.getValue(), b.getValue());
      return byWeight != 0 ? byWeight : b.getKey().compareTo(a.getKey());
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Ranks pairs given best first, as {@link Top} and {@link Bounded} give them: 1, 2, 3... */
  static List<Ranked> ranked(List<KV<String, Long>> bestFirst) {
    List<Ranked> ranked = new ArrayList<>(bestFirst.size());
    for (KV<String, Long> pair : bestFirst) {
      ranked.add(new Ranked(ranked.size() + 1, pair.getKey(), pair.getValue()));
    }
    return ranked;
  }

  private static int checkN(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    return n;
  }

  public static final class Globally
      extends PTransform<PCollection<KV<String, Long>>, PCollection<Ranked>> {
    private final int n;

    private Globally(int n) {
      this.n = n;
    }

    @Override
    public PCollection<Ranked> expand(PCollection<KV<String, Long>> pairs) {
      // without defaults: an empty input gives no list rather than an empty one (and the
      // transform works in any windowing)
      return pairs
          .apply("KeepTop" + n, Top.of(n, better()).withoutDefaults())
          .apply("RankTop", ParDo.of(new RankFn()))
          .setCoder(Ranked.Coder.of());
    }
  }

  static final class RankFn extends DoFn<List<KV<String, Long>>, Ranked> {
    @ProcessElement
    public void process(@Element List<KV<String, Long>> bestFirst, OutputReceiver<Ranked> out) {
      for (Ranked r : ranked(bestFirst)) {
        out.output(r);
      }
    }
  }

  /**
   * Keeps the best n of (id, weight) pairs offered one by one, in O(n) memory, with the ordering of
   * {@link #globally}. Not thread-safe; one per key or per bundle.
   */
  public static final class Bounded {
    private final int n;
    // the worst kept pair at the head, so that a better one replaces it in O(log n)
    private final PriorityQueue<KV<String, Long>> kept;

    public Bounded(int n) {
      this.n = checkN(n);
      this.kept = new PriorityQueue<>(Math.min(n, 1024) + 1, better());
    }

    public Bounded offer(String id, long weight) {
      Objects.requireNonNull(id, "id");
      KV<String, Long> pair = KV.of(id, weight);
      if (kept.size() < n) {
        kept.add(pair);
      } else if (better().compare(pair, kept.peek()) > 0) {
        kept.poll();
        kept.add(pair);
      }
      return this;
    }

    /** Adds what another Bounded kept, e.g. to merge partial results. */
    public Bounded merge(Bounded other) {
      for (KV<String, Long> pair : other.kept) {
        offer(pair.getKey(), pair.getValue());
      }
      return this;
    }

    /** How many pairs are kept: the number offered, up to n. */
    public int size() {
      return kept.size();
    }

    /** The kept pairs ranked 1..size(), best first; the Bounded can still take offers. */
    public List<Ranked> ranked() {
      List<KV<String, Long>> bestFirst = new ArrayList<>(kept);
      bestFirst.sort(better().reversed());
      return TopN.ranked(bestFirst);
    }
  }
}
