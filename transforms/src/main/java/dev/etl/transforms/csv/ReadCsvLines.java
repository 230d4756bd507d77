package dev.etl.transforms.csv;

import dev.etl.transforms.core.LiveProgress;
import dev.etl.transforms.core.SourceLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the data lines of CSV files matched by file patterns, each with its file and byte offset.
 *
 * <p>Files are cut into byte ranges that are read in parallel (like TextIO does), so a position is
 * the byte offset of the line, not its line number: numbering lines would need one sequential pass.
 * A line belongs to the range its first byte is in. The first line of every file must be the
 * expected header (checked, never emitted). A UTF-8 BOM and CRLF line ends are tolerated. Lines are
 * decoded in the declared encoding ({@link #withEncoding}, UTF-8 by default); a line that is not
 * valid in it is emitted escaped with its {@link SourceLine#encodingError()} set (see {@link
 * LineDecoder}).
 *
 * <p>Limitation, by design: one record per physical line. A quoted field containing a line break is
 * split into two lines, and both are rejected downstream as malformed rather than lost.
 */
public class ReadCsvLines extends PTransform<PBegin, PCollection<SourceLine>> {
  /** {@link LiveProgress} counter of the input bytes read so far (all files of all reads). */
  public static final String BYTES_READ = "bytes_read";

  // Small enough that a 66 MB file spreads evenly over the workers after the random reshuffle.
  private static final long DEFAULT_RANGE_BYTES = 4L << 20;

  private final List<String> filePatterns;
  private final List<String> expectedHeader;
  private final long rangeBytes;
  private final LineDecoder decoder;

  private ReadCsvLines(
      List<String> filePatterns,
      List<String> expectedHeader,
      long rangeBytes,
      LineDecoder decoder) {
    this.filePatterns = List.copyOf(filePatterns);
    this.expectedHeader = List.copyOf(expectedHeader);
    this.rangeBytes = rangeBytes;
    this.decoder = decoder;
  }

  public static ReadCsvLines from(List<String> filePatterns, List<String> expectedHeader) {
    return new ReadCsvLines(
        filePatterns,
        expectedHeader,
        DEFAULT_RANGE_BYTES,
        LineDecoder.of(LineDecoder.DEFAULT_ENCODING));
  }

  /** Smaller ranges mean more parallel reads; tests use tiny ranges to exercise the boundaries. */
  public ReadCsvLines withRangeBytes(long bytes) {
    return new ReadCsvLines(filePatterns, expectedHeader, bytes, decoder);
  }

  /** The files' character encoding (an ASCII-compatible charset, see {@link LineDecoder#of}). */
  public ReadCsvLines withEncoding(String charsetName) {
    return new ReadCsvLines(filePatterns, expectedHeader, rangeBytes, LineDecoder.of(charsetName));
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    return input
        .apply("ListPatterns", Create.of(filePatterns))
        .apply(
            "MatchFiles", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("SplitIntoRanges", ParDo.of(new SplitIntoRanges(rangeBytes)))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("ReadRangeLines", ParDo.of(new ReadRange(expectedHeader, decoder)))
        .setCoder(SourceLine.Coder.of());
  }

  /**
   * Checks, before a pipeline runs, that every pattern matches at least one file and that each file
   * starts with the expected header, so that a wrong input fails fast with a clear message.
   */
  public static void checkInputs(
      List<String> filePatterns, List<String> expectedHeader, String charsetName)
      throws IOException {
    LineDecoder decoder = LineDecoder.of(charsetName);
    for (String pattern : filePatterns) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.DISALLOW);
      if (match.status() != MatchResult.Status.OK) {
        throw new java.io.FileNotFoundException("No input file matches " + pattern);
      }
      for (MatchResult.Metadata file : match.metadata()) {
        ResourceId id = file.resourceId();
        try (InputStream in = open(id, 0)) {
          LineReader reader = new LineReader(in, 0);
          byte[] header = reader.next();
          if (header == null) {
            throw new CsvHeaderException(id.toString(), expectedHeader, List.of());
          }
          CsvFormats.checkHeader(id.toString(), decoder.printable(header), expectedHeader);
        }
      }
    }
  }

  private static InputStream open(ResourceId file, long position) throws IOException {
    ReadableByteChannel channel = FileSystems.open(file);
    Compression compression = Compression.detect(file.getFilename());
    if (compression != Compression.UNCOMPRESSED) {
      return Channels.newInputStream(compression.readDecompressed(channel));
    }
    if (position > 0) {
      ((SeekableByteChannel) channel).position(position);
    }
    return Channels.newInputStream(channel);
  }

  /** A byte range [start, end) of one file. */
  record FileRange(String file, long start, long end) implements Serializable {}

  static final class SplitIntoRanges extends DoFn<MatchResult.Metadata, FileRange> {
    private final long rangeBytes;

    SplitIntoRanges(long rangeBytes) {
      this.rangeBytes = rangeBytes;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, OutputReceiver<FileRange> out) {
      String name = file.resourceId().toString();
      boolean splittable =
          file.isReadSeekEfficient()
              && Compression.detect(file.resourceId().getFilename()) == Compression.UNCOMPRESSED;
      if (!splittable) {
        out.output(new FileRange(name, 0, Long.MAX_VALUE));
        return;
      }
      long size = Math.max(file.sizeBytes(), 1);
      for (long start = 0; start < size; start += rangeBytes) {
        out.output(new FileRange(name, start, Math.min(size, start + rangeBytes)));
      }
    }
  }

  static final class ReadRange extends DoFn<FileRange, SourceLine> {
    private static final long REPORT_EVERY_BYTES = 1 << 20;
    private final List<String> expectedHeader;
    private final LineDecoder decoder;
    private final LiveProgress.Counter bytesRead = LiveProgress.counter(BYTES_READ);

    ReadRange(List<String> expectedHeader, LineDecoder decoder) {
      this.expectedHeader = expectedHeader;
      this.decoder = decoder;
    }

    @ProcessElement
    public void process(@Element FileRange range, OutputReceiver<SourceLine> out)
        throws IOException {
      ResourceId id = FileSystems.matchNewResource(range.file(), false);
      // Start one byte early: if that byte is a line end, a line starts exactly at range.start.
      long seekTo = range.start() == 0 ? 0 : range.start() - 1;
      try (InputStream in = open(id, seekTo)) {
        LineReader reader = new LineReader(in, seekTo);
        if (range.start() > 0) {
          reader.next(); // the rest of a line that belongs to the previous range
        }
        long reported = range.start();
        while (reader.position() < range.end()) {
          long offset = reader.position();
          if (offset - reported >= REPORT_EVERY_BYTES) {
            bytesRead.add(offset - reported);
            reported = offset;
          }
          byte[] line = reader.next();
          if (line == null) {
            if (offset == 0) {
              throw new CsvHeaderException(
                  range.file(), expectedHeader, List.of()); // an empty file
            }
            break;
          }
          if (offset == 0) {
            CsvFormats.checkHeader(range.file(), decoder.printable(line), expectedHeader);
            continue;
          }
          out.output(decoder.decode(range.file(), offset, line));
        }
        // the whole range counts once done (an unsplittable file: what was read)
        bytesRead.add(Math.max(0, Math.min(range.end(), reader.position()) - reported));
      }
    }
  }

  /** Reads '\n'-terminated lines (dropping a trailing '\r') and tracks the byte position. */
  static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int pos;
    private int limit;
    private long position;

    LineReader(InputStream in, long position) {
      this.in = in;
      this.position = position;
    }

    long position() {
      return position;
    }

    /** The next line without its terminator, or null at the end of the input. */
    byte[] next() throws IOException {
      line.reset();
      boolean any = false;
      while (true) {
        if (pos == limit) {
          limit = in.read(buffer, 0, buffer.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            return any ? finish() : null;
          }
        }
        any = true;
        int start = pos;
        while (pos < limit && buffer[pos] != '\n') {
          pos++;
        }
        line.write(buffer, start, pos - start);
        position += pos - start;
        if (pos < limit) {
          pos++; // the '\n'
          position++;
          return finish();
        }
      }
    }

    private byte[] finish() {
      byte[] bytes = line.toByteArray();
      int length = bytes.length;
      if (length > 0 && bytes[length - 1] == '\r') {
        return java.util.Arrays.copyOf(bytes, length - 1);
      }
      return bytes;
    }
  }
}
