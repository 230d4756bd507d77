package dev.etl.transforms.music;

import dev.etl.transforms.core.BlockCoder;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.KeyBuckets;
import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.StepResult;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Turns clean listening lines into one {@link UserListens} per user: exact duplicate lines (same
 * track, user and play count as another line) are removed and counted, and the remaining lines of a
 * (user, track) pair are summed into one. Both figures are order-independent: a pair seen as 2, 2,
 * 3 has one duplicate line, one merged line and 5 plays.
 *
 * <p>Combining is done by hand rather than with {@code Combine.perKey}: lines are merged into
 * per-bucket maps (a hash bucket of the user id) inside each bundle, flushed every {@value
 * #FLUSH_LINES} lines, then the partial buckets are grouped by bucket and merged. Spark's map-side
 * combine re-measures the size of its in-memory map as it grows, walking every object of
 * accumulators like these; that was a quarter of the CPU time. A runner pays per group, so a few
 * hundred buckets instead of a million users (see {@link KeyBuckets}).
 *
 * <p>It takes parsed lines that may be dead letters (see {@link Outcome}) and passes those on, with
 * a count of the lines it saw. Batch only: partial buckets and counts left at the end of a bundle
 * are emitted in the global window at its end.
 */
public class MergeListens
    extends PTransform<PCollection<Outcome<Listen>>, StepResult<UserListens>> {
  static final int FLUSH_LINES = 200_000;
  public static final String LINES_SEEN = "lines_seen";

  private final int buckets;

  private MergeListens(int buckets) {
    this.buckets = buckets;
  }

  public static MergeListens withBuckets(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    return new MergeListens(buckets);
  }

  /**
   * Users as {@code good()}, the dead letters that came in, and ({@value #LINES_SEEN}, count) pairs
   * per bundle.
   */
  @Override
  public StepResult<UserListens> expand(PCollection<Outcome<Listen>> outcomes) {
    TupleTag<KV<Integer, byte[]>> partialTag = new TupleTag<>() {};
    TupleTag<DeadLetter> rejectedTag = new TupleTag<>() {};
    TupleTag<KV<String, Long>> countsTag = new TupleTag<>() {};
    PCollectionTuple out =
        outcomes.apply(
            "MergeWithinBundles",
            ParDo.of(new PreMergeFn(buckets, partialTag, rejectedTag, countsTag))
                .withOutputTags(partialTag, TupleTagList.of(rejectedTag).and(countsTag)));
    PCollection<UserListens> users =
        out.get(partialTag)
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
            .apply("GroupBuckets", GroupByKey.create())
            .apply("MergeBuckets", ParDo.of(new MergeBucketsFn()))
            .setCoder(UserListens.UserListensCoder.of());
    return new StepResult<>(
        users,
        out.get(rejectedTag).setCoder(DeadLetter.Coder.of()),
        out.get(countsTag).setCoder(StepResult.COUNTS_CODER));
  }

  /**
   * Partial buckets leave this step encoded: the Spark runner keeps every output of a multi-output
   * step in memory, and Spark estimates the size of what it keeps by walking its objects, which for
   * maps of maps cost more than the merge itself. A byte array is measured in one step.
   */
  static final class PreMergeFn extends DoFn<Outcome<Listen>, KV<Integer, byte[]>> {
    private final int buckets;
    private final TupleTag<KV<Integer, byte[]>> partialTag;
    private final TupleTag<DeadLetter> rejectedTag;
    private final TupleTag<KV<String, Long>> countsTag;
    private transient Map<Integer, Bucket> pending;
    private transient int pendingLines;
    private transient long seen;

    PreMergeFn(
        int buckets,
        TupleTag<KV<Integer, byte[]>> partialTag,
        TupleTag<DeadLetter> rejectedTag,
        TupleTag<KV<String, Long>> countsTag) {
      this.buckets = buckets;
      this.partialTag = partialTag;
      this.rejectedTag = rejectedTag;
      this.countsTag = countsTag;
    }

    @StartBundle
    public void start() {
      pending = new HashMap<>();
      pendingLines = 0;
      seen = 0;
    }

    @ProcessElement
    public void process(@Element Outcome<Listen> outcome, MultiOutputReceiver out) {
      seen++;
      if (!outcome.isGood()) {
        out.get(rejectedTag).output(outcome.rejected());
        return;
      }
      Listen l = outcome.value();
      pending.computeIfAbsent(KeyBuckets.bucketOf(l.userId(), buckets), b -> new Bucket()).add(l);
      if (++pendingLines >= FLUSH_LINES) {
        pending.forEach(
            (bucket, partial) -> out.get(partialTag).output(KV.of(bucket, encode(partial))));
        pending = new HashMap<>();
        pendingLines = 0;
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      pending.forEach(
          (bucket, partial) ->
              c.output(
                  partialTag,
                  KV.of(bucket, encode(partial)),
                  GlobalWindow.INSTANCE.maxTimestamp(),
                  GlobalWindow.INSTANCE));
      if (seen > 0) {
        c.output(
            countsTag,
            KV.of(LINES_SEEN, seen),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
    }
  }

  static byte[] encode(Bucket bucket) {
    try {
      return CoderUtils.encodeToByteArray(BucketCoder.INSTANCE, bucket);
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }

  static final class MergeBucketsFn extends DoFn<KV<Integer, Iterable<byte[]>>, UserListens> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<byte[]>> partials, OutputReceiver<UserListens> out)
        throws CoderException {
      Bucket merged = null;
      for (byte[] partial : partials.getValue()) {
        Bucket decoded = CoderUtils.decodeFromByteArray(BucketCoder.INSTANCE, partial);
        if (merged == null) {
          merged = decoded;
        } else {
          merged.addAll(decoded);
        }
      }
      if (merged == null) {
        return;
      }
      merged.users.forEach((user, tracks) -> out.output(toUser(user, tracks)));
    }
  }

  /** The play counts of one (user, track) pair: lines seen and their distinct values. */
  static final class Pair {
    int lines;
    long[] distinct;

    Pair(int lines, long[] distinct) {
      this.lines = lines;
      this.distinct = distinct;
    }

    void add(long playcount) {
      lines++;
      for (long seen : distinct) {
        if (seen == playcount) {
          return;
        }
      }
      distinct = Arrays.copyOf(distinct, distinct.length + 1);
      distinct[distinct.length - 1] = playcount;
    }

    void addAll(Pair other) {
      int before = lines;
      for (long value : other.distinct) {
        add(value);
      }
      lines = before + other.lines;
    }

    long plays() {
      long sum = 0;
      for (long value : distinct) {
        sum = Math.addExact(sum, value); // fail loudly rather than wrap around
      }
      return sum;
    }
  }

  /** Users of one bucket: user → track → pair. */
  static final class Bucket {
    final Map<String, Map<String, Pair>> users = new HashMap<>();

    void add(Listen l) {
      Pair pair = users.computeIfAbsent(l.userId(), u -> new HashMap<>(4)).get(l.trackId());
      if (pair == null) {
        users.get(l.userId()).put(l.trackId(), new Pair(1, new long[] {l.playcount()}));
      } else {
        pair.add(l.playcount());
      }
    }

    void addAll(Bucket other) {
      other.users.forEach(
          (user, tracks) -> {
            Map<String, Pair> mine = users.computeIfAbsent(user, u -> new HashMap<>(4));
            tracks.forEach(
                (track, pair) -> {
                  Pair existing = mine.get(track);
                  if (existing == null) {
                    mine.put(track, new Pair(pair.lines, pair.distinct.clone()));
                  } else {
                    existing.addAll(pair);
                  }
                });
          });
    }
  }

  static UserListens toUser(String user, Map<String, Pair> tracks) {
    String[] ids = tracks.keySet().toArray(String[]::new);
    Arrays.sort(ids);
    long[] plays = new long[ids.length];
    int duplicates = 0;
    int merged = 0;
    for (int i = 0; i < ids.length; i++) {
      Pair pair = tracks.get(ids[i]);
      plays[i] = pair.plays();
      duplicates += pair.lines - pair.distinct.length;
      merged += pair.distinct.length - 1;
    }
    return new UserListens(user, ids, plays, duplicates, merged);
  }

  /**
   * Compact: strings as modified UTF-8, counts as varints. Order of entries does not matter to
   * readers.
   */
  static final class BucketCoder extends BlockCoder<Bucket> {
    static final BucketCoder INSTANCE = new BucketCoder();

    @Override
    protected void write(Bucket bucket, Encoder out) throws IOException {
      out.writeInt(bucket.users.size());
      for (Map.Entry<String, Map<String, Pair>> user : bucket.users.entrySet()) {
        out.writeString(user.getKey());
        out.writeInt(user.getValue().size());
        for (Map.Entry<String, Pair> track : user.getValue().entrySet()) {
          out.writeString(track.getKey());
          Pair pair = track.getValue();
          out.writeInt(pair.lines);
          out.writeInt(pair.distinct.length);
          for (long value : pair.distinct) {
            out.writeLong(value);
          }
        }
      }
    }

    @Override
    protected Bucket read(Decoder in) throws IOException {
      Bucket bucket = new Bucket();
      int users = in.readInt();
      for (int u = 0; u < users; u++) {
        String user = in.readString();
        int trackCount = in.readInt();
        Map<String, Pair> tracks = new HashMap<>(Math.max(4, trackCount * 2));
        for (int t = 0; t < trackCount; t++) {
          String track = in.readString();
          int lines = in.readInt();
          long[] distinct = new long[in.readInt()];
          for (int d = 0; d < distinct.length; d++) {
            distinct[d] = in.readLong();
          }
          tracks.put(track, new Pair(lines, distinct));
        }
        bucket.users.put(user, tracks);
      }
      return bucket;
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "users and tracks are written in hash map order");
    }
  }
}
