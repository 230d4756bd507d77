package dev.etl.pipelines.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Rows in written Parquet files, from their footers, read through Beam's FileSystems (any
 * filesystem Beam can open). The reconciliation compares it with the in-pipeline counts, so a sink
 * that loses rows cannot go unnoticed.
 */
final class ParquetRowCount {
  private ParquetRowCount() {}

  static long of(MatchResult.Metadata file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new BeamInputFile(file))) {
      return reader.getRecordCount();
    }
  }

  private record BeamInputFile(MatchResult.Metadata file) implements InputFile {
    @Override
    public long getLength() {
      return file.sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(file.resourceId());
      InputStream in = Channels.newInputStream(channel);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }
      };
    }
  }
}
