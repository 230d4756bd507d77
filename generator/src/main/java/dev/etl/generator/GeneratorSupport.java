package dev.etl.generator;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * What the data generators share: seeded random streams, picks, shuffles, a reservoir of earlier
 * lines, CSV output.
 */
final class GeneratorSupport {
  /** Earlier lines kept for planting repeats. */
  static final int RESERVOIR_CAPACITY = 4096;

  private GeneratorSupport() {}

  static void writeCsvLine(Writer writer, String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        writer.write(',');
      }
      String f = fields[i];
      if (needsQuotes(f)) {
        writer.write('"');
        writer.write(f.replace("\"", "\"\""));
        writer.write('"');
      } else {
        writer.write(f);
      }
    }
    writer.write('\n');
  }

  static boolean needsQuotes(String field) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  /** Planted counts per kind, in the order of {@code kinds}. */
  static Map<String, Long> byKind(List<String> kinds, long[] counts) {
    Map<String, Long> planted = new LinkedHashMap<>();
    for (int k = 0; k < counts.length; k++) {
      planted.put(kinds.get(k), counts[k]);
    }
    return planted;
  }

  /** Standard normal via Box-Muller with StrictMath: identical on every JVM. */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  static long streamSeed(long seed, long salt) {
    return mix64(mix64(seed) ^ salt);
  }

  /** Stafford variant 13 of the MurmurHash3 finalizer. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String pick(String[] values, SplittableRandom r) {
    return values[r.nextInt(values.length)];
  }

  /** Values drawn with integer weights (an index only when {@code values} is empty). */
  record Weighted(List<String> values, int[] cumulative) {
    static Weighted of(List<String> values, int[] weights) {
      int[] c = new int[weights.length];
      int sum = 0;
      for (int i = 0; i < weights.length; i++) {
        sum += weights[i];
        c[i] = sum;
      }
      return new Weighted(List.copyOf(values), c);
    }

    int pickIndex(SplittableRandom r) {
      int x = r.nextInt(cumulative[cumulative.length - 1]);
      int i = 0;
      while (x >= cumulative[i]) {
        i++;
      }
      return i;
    }

    String pick(SplittableRandom r) {
      return values.get(pickIndex(r));
    }
  }

  static double clamp(double v, double low, double high) {
    return Math.max(low, Math.min(high, v));
  }

  static int clamp(int v, int low, int high) {
    return Math.max(low, Math.min(high, v));
  }

  /** Fisher-Yates. */
  static void shuffle(int[] values, SplittableRandom rng) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /**
   * Owners of {@code slots} slots (customers of rows, artists of tracks): owner 0, 1, ... each
   * takes the next {@code size} slots (at least one), then the slots are shuffled over the file.
   */
  record Owners(int[] ofSlot, int count) {
    static Owners draw(int slots, SplittableRandom rng, ToIntFunction<SplittableRandom> size) {
      int[] ofSlot = new int[slots];
      int filled = 0;
      int owner = 0;
      while (filled < slots) {
        int n = size.applyAsInt(rng);
        for (int k = 0; k < n && filled < slots; k++) {
          ofSlot[filled++] = owner;
        }
        owner++;
      }
      shuffle(ofSlot, rng);
      return new Owners(ofSlot, owner);
    }
  }

  /** A bounded random sample of earlier normal lines; each line is handed out at most once. */
  static final class Reservoir<T> {
    private final SplittableRandom rng;
    private final Object[] lines = new Object[RESERVOIR_CAPACITY];
    private int size;
    private long offered;

    Reservoir(SplittableRandom rng) {
      this.rng = rng;
    }

    void offer(T line) {
      offered++;
      if (size < RESERVOIR_CAPACITY) {
        lines[size++] = line;
      } else {
        long j = rng.nextLong(offered);
        if (j < RESERVOIR_CAPACITY) {
          lines[(int) j] = line;
        }
      }
    }

    @SuppressWarnings("unchecked")
    T take() {
      int j = rng.nextInt(size);
      T line = (T) lines[j];
      lines[j] = lines[--size];
      lines[size] = null;
      return line;
    }
  }
}
