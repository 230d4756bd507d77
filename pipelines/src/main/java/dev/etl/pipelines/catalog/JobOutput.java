package dev.etl.pipelines.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.pipelines.common.CommitGuard;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.RunReport;
import dev.etl.pipelines.common.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * A job's published output at a location (a local folder or an s3:// prefix), checked before a
 * catalog is written: it must hold that job's {@code _SUMMARY.json} and every table folder. Reads
 * through Beam's FileSystems, which must be set up (S3Setup.configure) first.
 */
public final class JobOutput {
  private final Job job;
  private final String location;

  private JobOutput(Job job, String location) {
    this.job = job;
    this.location = location;
  }

  /** The location without a trailing slash; a relative local path is made absolute. */
  public static JobOutput at(Job job, String location) {
    if (location == null || location.isBlank()) {
      throw new UserError(
          "catalog needs --location=DIR_OR_S3_PREFIX: where the "
              + job.jobName()
              + " job wrote its output");
    }
    String normalized;
    if (location.startsWith("s3://")) {
      normalized = location.replaceAll("/+$", "");
    } else if (location.contains("://")) {
      throw new UserError("--location must be a local folder or an s3:// prefix, got " + location);
    } else {
      normalized = Path.of(location).toAbsolutePath().normalize().toString();
    }
    return new JobOutput(job, normalized);
  }

  public String location() {
    return location;
  }

  public boolean local() {
    return !location.startsWith("s3://");
  }

  /**
   * Fails with one sentence unless the location holds this job's summary and every table folder.
   */
  public void check() throws IOException {
    if (local()) {
      CommitGuard.requireFinished(job.jobName(), Path.of(location));
    }
    String summaryPath = location + "/" + RunReport.SUMMARY_FILE;
    List<MatchResult.Metadata> summary = match(summaryPath);
    if (summary.isEmpty()) {
      throw new UserError(
          "no "
              + job.jobName()
              + " job output at "
              + location
              + ": there is no "
              + RunReport.SUMMARY_FILE
              + " (run ./etl "
              + job.jobName()
              + " --output="
              + location
              + " first)");
    }
    JsonNode written;
    try (InputStream in = Channels.newInputStream(FileSystems.open(summary.get(0).resourceId()))) {
      written = new ObjectMapper().readTree(in);
    }
    String writer = written.path("job").asText("");
    if (!writer.equals(job.jobName())) {
      throw new UserError(
          location
              + " holds the output of the '"
              + writer
              + "' job, not of the "
              + job.jobName()
              + " job");
    }
    for (PublishedTable table : job.tables()) {
      if (match(location + "/" + table.name() + "/**").isEmpty()) {
        throw new UserError(
            "the "
                + job.jobName()
                + " job output at "
                + location
                + " has no "
                + table.name()
                + "/ folder (the job publishes "
                + job.tables().stream().map(t -> t.name() + "/").toList()
                + ")");
      }
    }
  }

  /**
   * The smallest partition value of a date-partitioned table (the start of its projection range).
   */
  public LocalDate firstPartitionDate(PublishedTable table) throws IOException {
    String column = table.partitionKey().name();
    Pattern partition = Pattern.compile("/" + Pattern.quote(column) + "=([^/]+)/[^/]+$");
    LocalDate first = null;
    for (MatchResult.Metadata file : match(location + "/" + table.name() + "/" + column + "=*/*")) {
      Matcher m = partition.matcher(file.resourceId().toString());
      if (m.find()) {
        try {
          LocalDate date = LocalDate.parse(m.group(1));
          first = first == null || date.isBefore(first) ? date : first;
        } catch (DateTimeParseException e) {
          throw new UserError(
              location
                  + "/"
                  + table.name()
                  + " has a partition that is not a date: "
                  + column
                  + "="
                  + m.group(1));
        }
      }
    }
    if (first == null) {
      throw new UserError(
          location
              + "/"
              + table.name()
              + "/ has no "
              + column
              + "=YYYY-MM-DD partition, so no projection range can start");
    }
    return first;
  }

  private static List<MatchResult.Metadata> match(String pattern) throws IOException {
    MatchResult result = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    return result.status() == MatchResult.Status.OK ? result.metadata() : List.of();
  }
}
