package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.RESERVOIR_CAPACITY;
import static dev.etl.generator.GeneratorSupport.writeCsvLine;

import dev.etl.generator.GeneratorSupport.Reservoir;
import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;
import java.util.function.DoubleToIntFunction;
import java.util.function.IntPredicate;

/**
 * The kind of each line of a generated file, from its own random stream: {@link #NORMAL} or a
 * defect kind numbered from 1. A repeat kind copies an earlier normal line that was not yet reused;
 * the planner counts how many the {@link Reservoir} holds (from the kinds alone, so a replay of the
 * plan sees the same kinds) and plants a normal line when there is none.
 */
final class LinePlanner {
  static final int NORMAL = 0;

  /** In a CSV plan ({@link #csv}): an earlier normal line verbatim. */
  static final int EXACT_COPY = 1;

  /** In a CSV plan: an earlier normal line's key with another value. */
  static final int CONFLICTING_COPY = 2;

  private final SplittableRandom rng;
  private final DoubleToIntFunction kindOf;
  private final IntPredicate repeats;
  private boolean firstNormal;
  private int repeatable;

  /**
   * {@code kindOf} maps a uniform draw in [0, 1) to a kind; {@code repeats} tells the repeat kinds.
   */
  LinePlanner(
      long streamSeed, DoubleToIntFunction kindOf, IntPredicate repeats, boolean firstNormal) {
    this.rng = new SplittableRandom(streamSeed);
    this.kindOf = kindOf;
    this.repeats = repeats;
    this.firstNormal = firstNormal;
  }

  /**
   * A CSV file's plan: each of {@code kinds} kinds with probability {@code rate}, the first two
   * being {@link #EXACT_COPY} and {@link #CONFLICTING_COPY}.
   */
  static LinePlanner csv(long streamSeed, double rate, int kinds, boolean firstNormal) {
    return new LinePlanner(
        streamSeed,
        u -> rate > 0 && u < rate * kinds ? Math.min(kinds, 1 + (int) (u / rate)) : NORMAL,
        kind -> kind == EXACT_COPY || kind == CONFLICTING_COPY,
        firstNormal);
  }

  int next() {
    int kind = kindOf.applyAsInt(rng.nextDouble());
    if (firstNormal) {
      kind = NORMAL;
      firstNormal = false;
    }
    if (kind != NORMAL && repeats.test(kind)) {
      if (repeatable == 0) {
        kind = NORMAL;
      } else {
        repeatable--;
      }
    }
    if (kind == NORMAL && repeatable < RESERVOIR_CAPACITY) {
      repeatable++;
    }
    return kind;
  }

  /** How a data set makes the lines of a {@link #csv} plan. */
  interface CsvLines {
    /** A new normal line; it may be repeated later. */
    String[] normal();

    /** A copy of {@code original} with the same key and another value. */
    String[] conflicting(String[] original);

    /** A new line with the one defect of {@code kind}. */
    String[] defective(int kind);
  }

  /**
   * Writes {@code count} lines of a {@link #csv} plan; returns the planted lines per kind (index
   * kind - 1).
   */
  long[] writeCsv(Writer writer, long count, int kinds, Reservoir<String[]> earlier, CsvLines lines)
      throws IOException {
    long[] planted = new long[kinds];
    for (long i = 0; i < count; i++) {
      int kind = next();
      String[] fields;
      if (kind == EXACT_COPY) {
        fields = earlier.take();
      } else if (kind == CONFLICTING_COPY) {
        fields = lines.conflicting(earlier.take());
      } else if (kind == NORMAL) {
        fields = lines.normal();
        earlier.offer(fields);
      } else {
        fields = lines.defective(kind);
      }
      if (kind != NORMAL) {
        planted[kind - 1]++;
      }
      writeCsvLine(writer, fields);
    }
    return planted;
  }
}
