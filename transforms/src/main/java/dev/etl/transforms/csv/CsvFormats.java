package dev.etl.transforms.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The one CSV dialect we read (RFC 4180) and helpers to split a single line with it. */
public final class CsvFormats {
  public static final CSVFormat RFC4180 = CSVFormat.RFC4180;
  private static final char BOM = '\uFEFF';

  private CsvFormats() {}

  /**
   * Splits one line into its fields. Throws {@link MalformedLineException} on broken quoting.
   *
   * <p>A line without a double quote has no quoting to interpret: under RFC 4180 its fields are
   * exactly the comma-separated pieces, so it is split directly (most lines; creating a Commons CSV
   * parser per line was the largest cost of the parse step). Lines with quotes go to Commons CSV, and
   * so do lines with a carriage return: outside quotes it ends a record, which only Commons CSV sees.
   */
  public static String[] split(String line) throws MalformedLineException {
    if (line.indexOf('"') < 0 && line.indexOf('\r') < 0) {
      return line.split(",", -1);
    }
    try (CSVParser parser = CSVParser.parse(new StringReader(line), RFC4180)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        return new String[] {""};
      }
      CSVRecord record = records.next();
      if (records.hasNext()) {
        throw new MalformedLineException("more than one record on a line");
      }
      return record.values();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new MalformedLineException(e.getMessage());
    }
  }

  /** The column names of a header line, tolerating a UTF-8 BOM and surrounding blanks. */
  public static List<String> headerColumns(String headerLine) {
    String line = headerLine.isEmpty() || headerLine.charAt(0) != BOM ? headerLine : headerLine.substring(1);
    List<String> names = new ArrayList<>();
    try {
      for (String name : split(line)) {
        names.add(name.trim());
      }
    } catch (MalformedLineException e) {
      names.add(line);
    }
    return names;
  }

  /** Checks a header line against the expected column names (case-insensitive, blanks trimmed). */
  public static void checkHeader(String file, String headerLine, List<String> expected) {
    List<String> found = headerColumns(headerLine);
    boolean same = found.size() == expected.size();
    for (int i = 0; same && i < expected.size(); i++) {
      same = expected.get(i).equalsIgnoreCase(found.get(i));
    }
    if (!same) {
      throw new CsvHeaderException(file, expected, found);
    }
  }

  /** A line that is not valid RFC 4180 (e.g. an unterminated quoted field). */
  public static final class MalformedLineException extends Exception {
    public MalformedLineException(String message) {
      super(message, null, false, false);
    }
  }
}
