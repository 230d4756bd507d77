package dev.etl.transforms.csv;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class CsvFormatsTest {
  private static final List<String> EXPECTED = List.of("id", "name", "amount");

  @Test
  public void splitsPlainFields() throws Exception {
    assertArrayEquals(new String[] {"a", "b", "c"}, CsvFormats.split("a,b,c"));
  }

  @Test
  public void keepsEmptyFieldsIncludingTrailingOnes() throws Exception {
    assertArrayEquals(new String[] {"", "x", "", ""}, CsvFormats.split(",x,,"));
  }

  @Test
  public void quotedFieldKeepsCommasAndUndoublesQuotes() throws Exception {
    assertArrayEquals(
        new String[] {"1", "a \"b\", c", "z"}, CsvFormats.split("1,\"a \"\"b\"\", c\",z"));
  }

  @Test
  public void quotedEmptyFieldAndNonAscii() throws Exception {
    assertArrayEquals(new String[] {"", "Zoë 東京", "ü"}, CsvFormats.split("\"\",Zoë 東京,\"ü\""));
  }

  @Test
  public void whitespaceIsNotTrimmedFromFields() throws Exception {
    assertArrayEquals(new String[] {" a ", " b"}, CsvFormats.split(" a , b"));
  }

  @Test
  public void unterminatedQuoteIsMalformedAndSaidInWords() {
    CsvFormats.MalformedLineException e =
        assertThrows(CsvFormats.MalformedLineException.class, () -> CsvFormats.split("1,\"abc,2"));
    assertEquals(
        "the quoted field starting at character 3 has no closing quote (a field cannot span lines)",
        e.getMessage());
  }

  @Test
  public void textAfterClosingQuoteIsMalformedAndSaidInWords() {
    CsvFormats.MalformedLineException e =
        assertThrows(
            CsvFormats.MalformedLineException.class, () -> CsvFormats.split("1,\"ab\"c,2"));
    assertEquals(
        "the quoted field starting at character 3 is followed by text after its closing quote (character 7);"
            + " a quote inside a quoted field must be doubled",
        e.getMessage());
  }

  @Test
  public void embeddedCarriageReturnMakesTwoRecordsAndIsMalformed() {
    CsvFormats.MalformedLineException e =
        assertThrows(CsvFormats.MalformedLineException.class, () -> CsvFormats.split("a,b\rc,d"));
    assertEquals(
        "a carriage return outside quotes ends the record in the middle of the line",
        e.getMessage());
  }

  @Test
  public void controlCharactersAreFoundAndNamedByField() {
    assertEquals(false, CsvFormats.hasControlCharacter("Zoë 東京,€,ü"));
    assertEquals(true, CsvFormats.hasControlCharacter("a,b\u0000c"));
    assertEquals(true, CsvFormats.hasControlCharacter("a\tb"));
    assertEquals(true, CsvFormats.hasControlCharacter("a\u0085b")); // C1 control (NEL)
    assertEquals(
        "field 2 contains the control character U+0000 (NUL) at character 2",
        CsvFormats.describeControlCharacter(new String[] {"a", "b\u0000c"}));
    assertEquals(
        "field 1 contains the control character U+0009 (tab) at character 1",
        CsvFormats.describeControlCharacter(new String[] {"\tx", "y"}));
  }

  @Test
  public void printableEscapesControlCharactersAndCutsLongText() {
    assertEquals("PK\\u0003\\u0004\\u0000x", CsvFormats.printable("PK\u0003\u0004\u0000x", 100));
    assertEquals("\\uFFFDab", CsvFormats.printable("\uFFFDab", 100));
    assertEquals("abc...", CsvFormats.printable("abcdef", 3));
  }

  @Test
  public void trailingLoneCarriageReturnIsALineEndAsInCommonsCsv() throws Exception {
    // "a,b\r\r\n" in a file: the reader strips one '\r', the other ends the record
    assertArrayEquals(new String[] {"a", "b"}, CsvFormats.split("a,b\r"));
  }

  /**
   * Whatever path split takes for a line (a fast path for lines without quotes), the result must be
   * the one Commons CSV gives for RFC 4180: the same fields, or malformed when the line holds more
   * than one record or cannot be parsed.
   */
  @Test
  public void agreesWithCommonsCsvOnEveryLine() throws Exception {
    String[] lines = {
      "a,b,c", "", ",", ",,,,,,,,", " a , b ", "a", "Zoë,東京,ü", "a\tb,c",
          "T1,C1,10/1/94,F,MUMBAI,1.5,2/8/16,143207,25",
      "a,b\rc,d", "a,b\r", "\r", "a\r,b", "'a',b", "a;b", "a,\"b\",c", "\"a,b\",\"\"",
          "a,\"b\"\"c\",d",
      "a,b\"c,d", "a,\"b\rc\",d", "\"unterminated,x", "\\,\\n", "#comment,x", "a,b,\u0000"
    };
    for (String line : lines) {
      String[] expected = commonsCsv(line);
      String shown = line.replace("\r", "\\r");
      if (expected == null) {
        assertThrows(
            "'" + shown + "' is malformed",
            CsvFormats.MalformedLineException.class,
            () -> CsvFormats.split(line));
      } else {
        assertArrayEquals("'" + shown + "'", expected, CsvFormats.split(line));
      }
    }
  }

  /** The fields of the one record on the line per Commons CSV, or null when malformed. */
  private static String[] commonsCsv(String line) {
    try (org.apache.commons.csv.CSVParser parser =
        org.apache.commons.csv.CSVParser.parse(line, org.apache.commons.csv.CSVFormat.RFC4180)) {
      List<org.apache.commons.csv.CSVRecord> records = parser.getRecords();
      if (records.isEmpty()) {
        return new String[] {""};
      }
      return records.size() == 1 ? records.get(0).values() : null;
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  public void headerColumnsStripBomAndBlanks() {
    assertEquals(EXPECTED, CsvFormats.headerColumns("\uFEFF id , name,amount "));
  }

  @Test
  public void headerColumnsOfMalformedHeaderIsTheWholeLine() {
    assertEquals(List.of("id,\"name"), CsvFormats.headerColumns("id,\"name"));
  }

  @Test
  public void checkHeaderIsCaseInsensitiveAndTrimmed() {
    CsvFormats.checkHeader("f.csv", "ID,Name,AMOUNT", EXPECTED);
    CsvFormats.checkHeader("f.csv", "  id ,\tname\t, amount  ", EXPECTED);
    CsvFormats.checkHeader("f.csv", "\uFEFFId,NAME,Amount", EXPECTED);
    CsvFormats.checkHeader("f.csv", "\"id\",\"name\",\"amount\"", EXPECTED);
  }

  @Test
  public void checkHeaderRejectsWrongNameWithExpectedAndFoundInMessage() {
    CsvHeaderException e =
        assertThrows(
            CsvHeaderException.class,
            () -> CsvFormats.checkHeader("in/f.csv", "id,nom,amount", EXPECTED));
    assertThat(e.getMessage(), containsString("in/f.csv"));
    assertThat(e.getMessage(), containsString("[id, name, amount]"));
    assertThat(e.getMessage(), containsString("[id, nom, amount]"));
  }

  @Test
  public void checkHeaderRejectsMissingAndExtraColumnsAndReorderings() {
    assertThrows(CsvHeaderException.class, () -> CsvFormats.checkHeader("f", "id,name", EXPECTED));
    assertThrows(
        CsvHeaderException.class, () -> CsvFormats.checkHeader("f", "id,name,amount,x", EXPECTED));
    assertThrows(
        CsvHeaderException.class, () -> CsvFormats.checkHeader("f", "name,id,amount", EXPECTED));
    assertThrows(CsvHeaderException.class, () -> CsvFormats.checkHeader("f", "", EXPECTED));
    assertThrows(
        CsvHeaderException.class, () -> CsvFormats.checkHeader("f", "id;name;amount", EXPECTED));
  }
}
