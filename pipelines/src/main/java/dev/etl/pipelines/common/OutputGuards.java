package dev.etl.pipelines.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The checks a job makes on its --output before anything runs: the folder belongs to one job (the
 * {@code job} of the {@code _SUMMARY.json} it holds, which every commit publishes), and no input
 * lies inside it nor it inside an input (a commit replaces the output's folders, input files in
 * them included; an output under an input glob would be read as input by the next run).
 */
public final class OutputGuards {
  private static final String GLOB_CHARS = "*?[{";

  private OutputGuards() {}

  /**
   * A {@link UserError} if {@code output} holds another job's published output. Needs Beam's
   * FileSystems set up (S3Setup.preflight does it).
   */
  public static void requireOwnedBy(String job, String output) throws IOException {
    String summary = output.replaceAll("/+$", "") + "/" + RunReport.SUMMARY_FILE;
    MatchResult match =
        org.apache.beam.sdk.io.FileSystems.match(summary, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return; // nothing published yet: the folder is free
    }
    JsonNode written;
    try (InputStream in =
        Channels.newInputStream(
            org.apache.beam.sdk.io.FileSystems.open(match.metadata().get(0).resourceId()))) {
      written = new ObjectMapper().readTree(in);
    } catch (IOException notJson) {
      return; // not a summary of ours: the run replaces it, as before
    }
    String owner = written == null ? "" : written.path("job").asText("");
    if (!owner.isEmpty() && !owner.equals(job)) {
      throw new UserError(
          "--output="
              + output
              + " holds the "
              + owner
              + " job's output, and a folder belongs to one job: give the "
              + job
              + " job a folder of its own");
    }
  }

  /** A {@link UserError} if an input pattern lies inside the output or the output inside one. */
  public static void requireApart(List<String> inputs, String output) {
    for (String input : inputs) {
      if (overlaps(input, output)) {
        throw new UserError(
            "--input "
                + input
                + (inside(literalPath(input), path(output))
                    ? " lies inside --output="
                    : " would read files inside --output=")
                + output
                + ", whose folders every run replaces: keep inputs and output apart");
      }
    }
  }

  static boolean overlaps(String pattern, String output) {
    if (scheme(pattern) == null
        ? scheme(output) != null
        : !scheme(pattern).equals(scheme(output))) {
      return false;
    }
    Path out = path(output);
    Path literal = literalPath(pattern);
    if (inside(literal, out)) {
      return true; // input inside the output
    }
    if (!inside(out, literal) || literal.equals(path(pattern))) {
      return false; // a plain file, or a glob elsewhere: no output file can match
    }
    // the glob's segments below its literal part, against the output's segments below it
    Path glob = path(pattern);
    int from = literal.getNameCount();
    for (int i = from; i < out.getNameCount(); i++) {
      if (i >= glob.getNameCount()) {
        return false; // the pattern ends above the output's files
      }
      String segment = glob.getName(i).toString();
      if (segment.contains("**")) {
        return true;
      }
      if (!FileSystems.getDefault()
          .getPathMatcher("glob:" + segment)
          .matches(out.getName(i).getFileName())) {
        return false;
      }
    }
    return glob.getNameCount() > out.getNameCount(); // it reaches into the output's folders
  }

  private static boolean inside(Path a, Path b) {
    return a.startsWith(b);
  }

  private static String scheme(String location) {
    int at = location.indexOf("://");
    return at < 0 || location.startsWith("file://") ? null : location.substring(0, at);
  }

  /** A location as a normalized path (absolute when local; bucket/key for s3://). */
  private static Path path(String location) {
    String scheme = scheme(location);
    if (scheme != null) {
      return Path.of("/" + location.substring(scheme.length() + 3)).normalize();
    }
    String local = location.startsWith("file://") ? location.substring(7) : location;
    return Path.of(local).toAbsolutePath().normalize();
  }

  /** The folders of a pattern before its first glob segment (the whole path when it has none). */
  private static Path literalPath(String pattern) {
    Path full = path(pattern);
    Path literal = full.getRoot();
    for (Path segment : full) {
      if (segment.toString().chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0)) {
        break;
      }
      literal = literal.resolve(segment);
    }
    return literal;
  }
}
