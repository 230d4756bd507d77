package dev.etl.pipelines.common;

import java.util.Collection;
import java.util.List;

/** The argument check shared by the non-job commands (query, report, replay, local-s3/kafka). */
public final class CommandArgs {
  private CommandArgs() {}

  /**
   * Every argument must be {@code --name=value} for one of {@code names}; the first that is not is
   * a {@link UserError}: "unknown option --x; did you mean --y?" (or, for a known name without a
   * value, "{@code command} does not know {@code arg}"), then {@code hint}.
   */
  public static void requireKnown(
      String command, List<String> args, Collection<String> names, String hint) {
    for (String arg : args) {
      if (names.stream().noneMatch(name -> arg.startsWith("--" + name + "="))) {
        String name = arg.startsWith("--") ? arg.substring(2).replaceFirst("=.*", "") : null;
        if (name == null || names.contains(name)) {
          throw new UserError(command + " does not know " + arg + hint); // e.g. --sql without "="
        }
        throw new UserError(
            "unknown option --" + name + "; did you mean --" + nearest(name, names) + "?" + hint);
      }
    }
  }

  /** The known name at the smallest edit distance (first in name order on a tie). */
  public static String nearest(String name, Iterable<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d =
          distance(
              name.toLowerCase(java.util.Locale.ROOT),
              candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: a dozen lines, where a library for it is not on every runner's path. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
