package dev.etl.transforms.csv;

import java.util.List;

/**
 * A file whose header is not the one the pipeline expects: a user error, reported in one sentence.
 * What was found is quoted with control characters escaped and cut short, as it may be binary.
 */
public final class CsvHeaderException extends RuntimeException {
  private static final int MAX_QUOTED = 300;

  public CsvHeaderException(String file, List<String> expected, List<String> found) {
    super(
        "Unexpected header in "
            + file
            + ": expected columns "
            + expected
            + " but found "
            + CsvFormats.printable(found.toString(), MAX_QUOTED)
            + ". Is this the right input file?");
  }
}
