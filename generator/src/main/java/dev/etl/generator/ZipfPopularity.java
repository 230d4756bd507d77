package dev.etl.generator;

import java.util.SplittableRandom;

/**
 * Zipf popularity over ranks {@code 0..n-1}: weight {@code (rank + 1)^-s}, with {@code s} chosen so
 * that rank 0 gets {@code topShare} of the draws whatever {@code n} (uniform when {@code n} is too
 * small for that).
 */
final class ZipfPopularity {
  private final double[] cumulative;

  ZipfPopularity(int n, double topShare) {
    double s = exponent(n, topShare);
    cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += StrictMath.pow(i + 1, -s);
      cumulative[i] = sum;
    }
  }

  int sample(SplittableRandom r) {
    double x = r.nextDouble() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static double exponent(int n, double topShare) {
    if (1.0 / n >= topShare) {
      return 0;
    }
    double lo = 0;
    double hi = 8;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (1 / harmonic(n, mid) < topShare) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** Sum of {@code i^-s} for i = 1..n: exact up to 2,000, then the midpoint integral. */
  private static double harmonic(int n, double s) {
    int exact = Math.min(n, 2_000);
    double h = 0;
    for (int i = exact; i >= 1; i--) {
      h += StrictMath.pow(i, -s);
    }
    if (n > exact) {
      double a = exact + 0.5;
      double b = n + 0.5;
      h +=
          StrictMath.abs(1 - s) < 1e-12
              ? StrictMath.log(b / a)
              : (StrictMath.pow(b, 1 - s) - StrictMath.pow(a, 1 - s)) / (1 - s);
    }
    return h;
  }
}
