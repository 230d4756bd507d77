package dev.etl.transforms.music;

import dev.etl.transforms.core.DedupByKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Turns clean listening lines into one {@link UserListens} per user: exact duplicate lines (same
 * track, user and play count as another line) are removed and counted, and the remaining lines of a
 * (user, track) pair are summed into one. Both figures are order-independent: a pair seen as 2, 2, 3
 * has one duplicate line, one merged line and 5 plays.
 *
 * <p>A combiner over a hash bucket of the user id, not a GroupByKey per user: the combine runs
 * before the shuffle (the input arrives grouped by user), and a runner pays per group, so ~1M
 * per-user groups would cost far more than a few hundred buckets (see {@link DedupByKey}).
 */
public class MergeListens extends PTransform<PCollection<Listen>, PCollection<UserListens>> {
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

  @Override
  public PCollection<UserListens> expand(PCollection<Listen> listens) {
    int bucketCount = buckets;
    return listens
        .apply(
            "BucketByUser",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptor.of(Listen.class)))
                .via(l -> KV.of(DedupByKey.bucketOf(l.userId(), bucketCount), l)))
        .setCoder(KvCoder.of(VarIntCoder.of(), Listen.ListenCoder.of()))
        .apply("MergePairs", Combine.perKey(new MergePairsFn()))
        .apply("EmitUsers", ParDo.of(new EmitUsersFn()))
        .setCoder(UserListens.UserListensCoder.of());
  }

  /** The play counts of one (user, track) pair: lines seen and their distinct values. */
  static final class Pair {
    int lines;
    int[] distinct;

    Pair(int lines, int[] distinct) {
      this.lines = lines;
      this.distinct = distinct;
    }

    void add(int playcount) {
      lines++;
      for (int seen : distinct) {
        if (seen == playcount) {
          return;
        }
      }
      distinct = Arrays.copyOf(distinct, distinct.length + 1);
      distinct[distinct.length - 1] = playcount;
    }

    void addAll(Pair other) {
      int before = lines;
      for (int value : other.distinct) {
        add(value);
      }
      lines = before + other.lines;
    }

    long plays() {
      long sum = 0;
      for (int value : distinct) {
        sum += value;
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
        users.get(l.userId()).put(l.trackId(), new Pair(1, new int[] {l.playcount()}));
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

  static final class MergePairsFn extends Combine.CombineFn<Listen, Bucket, Bucket> {
    @Override
    public Bucket createAccumulator() {
      return new Bucket();
    }

    @Override
    public Bucket addInput(Bucket bucket, Listen listen) {
      bucket.add(listen);
      return bucket;
    }

    @Override
    public Bucket mergeAccumulators(Iterable<Bucket> accumulators) {
      Bucket merged = null;
      for (Bucket b : accumulators) {
        if (merged == null) {
          merged = b;
        } else {
          merged.addAll(b);
        }
      }
      return merged == null ? new Bucket() : merged;
    }

    @Override
    public Bucket extractOutput(Bucket bucket) {
      return bucket;
    }

    @Override
    public Coder<Bucket> getAccumulatorCoder(CoderRegistry registry, Coder<Listen> inputCoder) {
      return BucketCoder.INSTANCE;
    }

    @Override
    public Coder<Bucket> getDefaultOutputCoder(CoderRegistry registry, Coder<Listen> inputCoder) {
      return BucketCoder.INSTANCE;
    }
  }

  static final class EmitUsersFn extends DoFn<KV<Integer, Bucket>, UserListens> {
    @ProcessElement
    public void process(@Element KV<Integer, Bucket> bucket, OutputReceiver<UserListens> out) {
      bucket.getValue().users.forEach((user, tracks) -> out.output(toUser(user, tracks)));
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

  /** Compact: strings as modified UTF-8, counts as varints. Order of entries does not matter to readers. */
  static final class BucketCoder extends AtomicCoder<Bucket> {
    static final BucketCoder INSTANCE = new BucketCoder();

    @Override
    public void encode(Bucket bucket, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      VarInt.encode(bucket.users.size(), out);
      for (Map.Entry<String, Map<String, Pair>> user : bucket.users.entrySet()) {
        data.writeUTF(user.getKey());
        VarInt.encode(user.getValue().size(), out);
        for (Map.Entry<String, Pair> track : user.getValue().entrySet()) {
          data.writeUTF(track.getKey());
          Pair pair = track.getValue();
          VarInt.encode(pair.lines, out);
          VarInt.encode(pair.distinct.length, out);
          for (int value : pair.distinct) {
            VarInt.encode(value, out);
          }
        }
      }
      data.flush();
    }

    @Override
    public Bucket decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      Bucket bucket = new Bucket();
      int users = VarInt.decodeInt(in);
      for (int u = 0; u < users; u++) {
        String user = data.readUTF();
        int trackCount = VarInt.decodeInt(in);
        Map<String, Pair> tracks = new HashMap<>(Math.max(4, trackCount * 2));
        for (int t = 0; t < trackCount; t++) {
          String track = data.readUTF();
          int lines = VarInt.decodeInt(in);
          int[] distinct = new int[VarInt.decodeInt(in)];
          for (int i = 0; i < distinct.length; i++) {
            distinct[i] = VarInt.decodeInt(in);
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
