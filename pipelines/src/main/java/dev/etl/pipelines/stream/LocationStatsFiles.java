package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.s3.S3Setup;
import dev.etl.transforms.fraud.LocationOutlierStream;
import dev.etl.transforms.fraud.LocationStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * {@code --locationStats=BANK_OUTPUT}: the {@code location_stats/} table of a bank batch output
 * (local or s3://, through Beam's FileSystems), read whole: it has one small row per location.
 */
final class LocationStatsFiles implements LocationOutlierStream.Source {
  static final String TABLE = "location_stats";
  private final String pattern;

  private LocationStatsFiles(String output) {
    this.pattern = output.replaceAll("/+$", "") + "/" + TABLE + "/*.parquet";
  }

  /** The table of {@code output}, proven readable now (a user error if it is missing or bad). */
  static LocationStatsFiles check(String output, PipelineOptions options) {
    S3Setup.preflight(options, List.of(output));
    LocationStatsFiles files = new LocationStatsFiles(output);
    int locations;
    try {
      locations = files.read().size();
    } catch (IOException | RuntimeException e) {
      throw new UserError(
          "--locationStats="
              + output
              + " has no readable "
              + TABLE
              + "/ table ("
              + e.getMessage()
              + "): point it at the output folder of ./etl bank, which writes that table",
          e);
    }
    System.out.println(
        "bank-stream: location_outlier scores against "
            + locations
            + " locations' statistics in "
            + output);
    return files;
  }

  private List<MatchResult.Metadata> files() throws IOException {
    MatchResult match = FileSystems.match(pattern);
    if (match.status() != MatchResult.Status.OK) {
      throw new IOException("no files match " + pattern);
    }
    List<MatchResult.Metadata> files = match.metadata();
    if (files.isEmpty()) {
      throw new IOException("no files match " + pattern);
    }
    return files;
  }

  @Override
  public String version() throws IOException {
    StringBuilder v = new StringBuilder();
    for (MatchResult.Metadata f : files()) {
      v.append(f.resourceId())
          .append(' ')
          .append(f.sizeBytes())
          .append(' ')
          .append(f.lastModifiedMillis())
          .append('\n');
    }
    return v.toString();
  }

  @Override
  public Map<String, LocationStats> read() throws IOException {
    Map<String, LocationStats> stats = new HashMap<>();
    for (MatchResult.Metadata f : files()) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new BytesInputFile(bytes(f.resourceId())))
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          LocationStats s = LocationStats.fromRecord(r);
          stats.put(s.location(), s);
        }
      }
    }
    return stats;
  }

  private static byte[] bytes(ResourceId file) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** A Parquet file held in memory (Parquet needs to seek; the table is a few KB). */
  private record BytesInputFile(byte[] data) implements InputFile {
    @Override
    public long getLength() {
      return data.length;
    }

    @Override
    public SeekableInputStream newStream() {
      SeekableByteArray in = new SeekableByteArray(data);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return in.position();
        }

        @Override
        public void seek(long newPos) {
          in.seek((int) newPos);
        }
      };
    }
  }

  private static final class SeekableByteArray extends java.io.ByteArrayInputStream {
    SeekableByteArray(byte[] data) {
      super(data);
    }

    long position() {
      return pos;
    }

    void seek(int position) {
      pos = position;
    }
  }
}
