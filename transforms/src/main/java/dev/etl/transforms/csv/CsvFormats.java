package dev.etl.transforms.csv;

import dev.etl.transforms.core.Rejection;
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
   * parser per line was the largest cost of the parse step). Lines with quotes go to Commons CSV,
   * and so do lines with a carriage return: outside quotes it ends a record, which only Commons CSV
   * sees.
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
        throw new MalformedLineException(
            "a carriage return outside quotes ends the record in the middle of the line");
      }
      return record.values();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new MalformedLineException(describeBadQuoting(line));
    }
  }

  /**
   * What is wrong with a line Commons CSV could not parse, in words (its messages name Java
   * exceptions).
   */
  static String describeBadQuoting(String line) {
    boolean quoted = false;
    boolean fieldStart = true;
    int opened = -1;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          i++; // a doubled quote inside quotes
        } else if (c == '"') {
          quoted = false;
          if (i + 1 < line.length() && line.charAt(i + 1) != ',') {
            return "the quoted field starting at character "
                + (opened + 1)
                + " is followed by text after its closing quote"
                + " (character "
                + (i + 2)
                + "); a quote inside a quoted field must be doubled";
          }
        }
      } else if (c == '"' && fieldStart) {
        quoted = true;
        opened = i;
      } else {
        fieldStart = c == ',';
      }
    }
    return quoted
        ? "the quoted field starting at character "
            + (opened + 1)
            + " has no closing quote (a field cannot span lines)"
        : "the line is not valid RFC 4180 CSV";
  }

  /** A Unicode control character (category Cc: U+0000-U+001F, U+007F-U+009F; tab included). */
  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }

  public static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Names the first field holding a control character and the character, e.g. "field 5 contains
   * U+0000 (NUL)".
   */
  public static String describeControlCharacter(String[] fields) {
    for (int f = 0; f < fields.length; f++) {
      for (int i = 0; i < fields[f].length(); i++) {
        char c = fields[f].charAt(i);
        if (isControl(c)) {
          return String.format(
              "field %d contains the control character U+%04X%s at character %d",
              f + 1, (int) c, c == 0 ? " (NUL)" : c == '\t' ? " (tab)" : "", i + 1);
        }
      }
    }
    return "a field contains a control character";
  }

  /**
   * Text for an error message: control characters and U+FFFD escaped ({@code \u0000}), at most
   * {@code max} characters, so a binary file quoted in a message prints no raw bytes.
   */
  public static String printable(String text, int max) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(
          isControl(c) || c == '\uFFFD' ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return i < text.length() ? out + "..." : out.toString();
  }

  /** The column names of a header line, tolerating a UTF-8 BOM and surrounding blanks. */
  public static List<String> headerColumns(String headerLine) {
    String line =
        headerLine.isEmpty() || headerLine.charAt(0) != BOM ? headerLine : headerLine.substring(1);
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

  /**
   * Rejects a data line that repeats the header (compared as {@link #checkHeader} does), e.g. where
   * two files were concatenated: otherwise it fails a field check and sends the user looking for a
   * bad date or number.
   */
  public static void rejectRepeatedHeader(String[] fields, List<String> header) throws Rejection {
    if (fields.length != header.size()) {
      return;
    }
    for (int i = 0; i < fields.length; i++) {
      String field =
          i == 0 && fields[0].startsWith(String.valueOf(BOM)) ? fields[0].substring(1) : fields[i];
      if (!header.get(i).equalsIgnoreCase(field.trim())) {
        return;
      }
    }
    throw new Rejection(ParseCsv.REPEATED_HEADER, "the line repeats the file's header");
  }

  /** A line that is not valid RFC 4180 (e.g. an unterminated quoted field). */
  public static final class MalformedLineException extends Exception {
    public MalformedLineException(String message) {
      super(message, null, false, false);
    }
  }
}
