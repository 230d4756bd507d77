package dev.etl.transforms.csv;

import java.util.List;

/** A file whose header is not the one the pipeline expects: a user error, reported in one sentence. */
public final class CsvHeaderException extends RuntimeException {
  public CsvHeaderException(String file, List<String> expected, List<String> found) {
    super(
        "Unexpected header in "
            + file
            + ": expected columns "
            + expected
            + " but found "
            + found
            + ". Is this the right input file?");
  }
}
