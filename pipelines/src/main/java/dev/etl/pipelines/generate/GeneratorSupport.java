package dev.etl.pipelines.generate;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

/** What the data generators share: seeded random streams, a reservoir of earlier rows, CSV output. */
final class GeneratorSupport {
  /** Earlier rows kept for planting duplicates. */
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

  static int[] cumulative(int[] weights) {
    int[] c = new int[weights.length];
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
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

  /** A bounded random sample of earlier normal rows; each row is handed out at most once. */
  static final class Reservoir {
    private final SplittableRandom rng;
    private final String[][] rows = new String[RESERVOIR_CAPACITY][];
    private int size;
    private long offered;

    Reservoir(SplittableRandom rng) {
      this.rng = rng;
    }

    void offer(String[] row) {
      offered++;
      if (size < RESERVOIR_CAPACITY) {
        rows[size++] = row;
      } else {
        long j = rng.nextLong(offered);
        if (j < RESERVOIR_CAPACITY) {
          rows[(int) j] = row;
        }
      }
    }

    String[] take() {
      int j = rng.nextInt(size);
      String[] row = rows[j];
      rows[j] = rows[--size];
      rows[size] = null;
      return row;
    }
  }

  /**
   * A defect kind drawn from {@code u} in [0, 1): each of {@code kinds} kinds (numbered from 1)
   * with probability {@code rate}, otherwise 0, a normal line.
   */
  static int drawKind(double u, double rate, int kinds) {
    return rate > 0 && u < rate * kinds ? Math.min(kinds, 1 + (int) (u / rate)) : 0;
  }

  /**
   * How many earlier normal lines a planned repeat can still copy: what the {@link Reservoir}
   * holds, counted from the kinds alone so that a replay of the plan sees the same kinds.
   */
  static final class RepeatBudget {
    private int available;

    /** Uses up one earlier line for a repeat; false when none is left (plant a normal line instead). */
    boolean takeRepeat() {
      if (available == 0) {
        return false;
      }
      available--;
      return true;
    }

    /** A normal line was planted: one more line a later repeat may copy. */
    void addNormal() {
      if (available < RESERVOIR_CAPACITY) {
        available++;
      }
    }
  }
}
