package dev.etl.pipelines.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Input options as file patterns: shared by the jobs, so that they read a path list the same way.
 */
public final class InputPatterns {
  private InputPatterns() {}

  /** A comma-separated option value as its patterns, trimmed, empty entries dropped. */
  public static List<String> split(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** The inputs and the output, for the S3 pre-flight check. */
  public static List<String> withOutput(List<String> inputs, String output) {
    List<String> all = new ArrayList<>(inputs);
    all.add(output);
    return all;
  }
}
