package dev.etl.transforms.csv;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.core.SourceLine;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReadCsvLinesTest {
  private static final List<String> HEADER = List.of("id", "name", "amount");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /**
   * A file with a BOM, CRLF and LF line ends, a quoted comma, non-ASCII text, blank lines (LF and
   * CRLF), a malformed line and a last line without a line end. Offsets worked out by hand:
   *
   * <pre>
   *  0  BOM (3 bytes) + "id,name,amount\r\n" (16)   header, not emitted
   * 19  "1,Zoë,10\r\n"        (ë is 2 bytes: 9 + 2)
   * 30  "2,\"Smith, J\",20\n" (15 + 1)
   * 46  "\n"                  blank
   * 47  "3,Ünïcödé 東京,30\r\n" (Ü ï ö é: 2 bytes each, 東 京: 3 each: 23 + 2)
   * 72  "\r\n"                blank with CRLF
   * 74  "bad \"line\n"         (9 + 1)
   * 84  "4,last,40"           no line end
   * </pre>
   */
  private static final String MIXED =
      "id,name,amount\r\n"
          + "1,Zoë,10\r\n"
          + "2,\"Smith, J\",20\n"
          + "\n"
          + "3,Ünïcödé 東京,30\r\n"
          + "\r\n"
          + "bad \"line\n"
          + "4,last,40";

  private File write(String name, byte[] bytes) throws IOException {
    File file = new File(tmp.getRoot(), name);
    file.getParentFile().mkdirs();
    Files.write(file.toPath(), bytes);
    return file;
  }

  private File write(String name, String text, boolean bom) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (bom) {
      out.write(BOM);
    }
    out.write(text.getBytes(StandardCharsets.UTF_8));
    return write(name, out.toByteArray());
  }

  private static List<SourceLine> mixedLines(String file) {
    return List.of(
        new SourceLine(file, 19, "1,Zoë,10"),
        new SourceLine(file, 30, "2,\"Smith, J\",20"),
        new SourceLine(file, 46, ""),
        new SourceLine(file, 47, "3,Ünïcödé 東京,30"),
        new SourceLine(file, 72, ""),
        new SourceLine(file, 74, "bad \"line"),
        new SourceLine(file, 84, "4,last,40"));
  }

  /**
   * An independent oracle: the data lines of a file, split on '\n' with a trailing '\r' dropped and
   * the first line (header) skipped.
   */
  private static List<SourceLine> expectedLines(String file, byte[] bytes) {
    List<SourceLine> lines = new ArrayList<>();
    int start = 0;
    boolean header = true;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int textEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      if (!header) {
        lines.add(
            new SourceLine(
                file, start, new String(bytes, start, textEnd - start, StandardCharsets.UTF_8)));
      }
      header = false;
      start = end + 1;
    }
    return lines;
  }

  @Test
  public void oracleAgreesWithHandWorkedOffsets() throws IOException {
    File file = write("mixed.csv", MIXED, true);
    assertEquals(
        mixedLines(file.toString()),
        expectedLines(file.toString(), Files.readAllBytes(file.toPath())));
  }

  @Test
  public void readsDataLinesWithExactOffsetsSkippingTheHeader() throws IOException {
    File file = write("mixed.csv", MIXED, true);
    PCollection<SourceLine> lines = p.apply(ReadCsvLines.from(List.of(file.toString()), HEADER));
    PAssert.that(lines).containsInAnyOrder(mixedLines(file.toString()));
    p.run().waitUntilFinish();
  }

  @Test
  public void withoutBomOffsetsShiftByThreeBytes() throws IOException {
    File file = write("nobom.csv", "ID, Name ,AMOUNT\n1,a,1\n2,b,2\n", false);
    String f = file.toString();
    PAssert.that(p.apply(ReadCsvLines.from(List.of(f), HEADER)))
        .containsInAnyOrder(new SourceLine(f, 17, "1,a,1"), new SourceLine(f, 23, "2,b,2"));
    p.run().waitUntilFinish();
  }

  @Test
  public void headerOnlyFileHasNoLines() throws IOException {
    File withNewline = write("h1.csv", "id,name,amount\n", false);
    File withoutNewline = write("h2.csv", "id,name,amount", true);
    PAssert.that(p.apply("Read1", ReadCsvLines.from(List.of(withNewline.toString()), HEADER)))
        .empty();
    PAssert.that(
            p.apply(
                "Read2",
                ReadCsvLines.from(List.of(withoutNewline.toString()), HEADER).withRangeBytes(3)))
        .empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void smallRangesGiveExactlyTheSameLines() throws IOException {
    File file = write("mixed.csv", MIXED, true);
    String f = file.toString();
    for (long range : new long[] {1, 2, 3, 7, 13, 19, 20, 31, 64, 1 << 20}) {
      PAssert.that(
              p.apply("Range" + range, ReadCsvLines.from(List.of(f), HEADER).withRangeBytes(range)))
          .containsInAnyOrder(mixedLines(f));
    }
    p.run().waitUntilFinish();
  }

  @Test
  public void smallRangesOnALargerFileLoseAndDuplicateNothing() throws IOException {
    StringBuilder text = new StringBuilder("id,name,amount\r\n");
    for (int i = 0; i < 250; i++) {
      // varying lengths, multi-byte characters, some blank lines, some CRLF
      String name = "n".repeat(i % 11) + (i % 3 == 0 ? "é東" : "") + (i % 7 == 0 ? "\"x, y\"" : "");
      text.append(i).append(',').append(name).append(',').append(i * 3);
      text.append(i % 2 == 0 ? "\r\n" : "\n");
      if (i % 37 == 0) {
        text.append("\n");
      }
    }
    text.append("last,line,0");
    File file = write("big.csv", text.toString(), true);
    String f = file.toString();
    List<SourceLine> expected = expectedLines(f, Files.readAllBytes(file.toPath()));
    assertEquals(250 + 7 + 1, expected.size()); // data lines, blank lines, last line
    for (long range : new long[] {13, 97, 1000}) {
      PAssert.that(
              p.apply("Range" + range, ReadCsvLines.from(List.of(f), HEADER).withRangeBytes(range)))
          .containsInAnyOrder(expected);
    }
    p.run().waitUntilFinish();
  }

  @Test
  public void linesLongerThanTheReadBufferAndTheRange() throws IOException {
    // the line reader buffers 64 KiB: a 200,000-byte line spans several buffers and several ranges
    String longLine = "7,\"" + "x".repeat(100_000) + ", ü\"," + "9".repeat(99_991);
    File file = write("long.csv", "id,name,amount\r\n" + longLine + "\r\n1,a,1\n", false);
    String f = file.toString();
    assertEquals(200_000, longLine.getBytes(StandardCharsets.UTF_8).length);
    for (long range : new long[] {70_000, 1 << 20}) {
      PAssert.that(
              p.apply("Range" + range, ReadCsvLines.from(List.of(f), HEADER).withRangeBytes(range)))
          .containsInAnyOrder(new SourceLine(f, 16, longLine), new SourceLine(f, 200_018, "1,a,1"));
    }
    p.run().waitUntilFinish();
  }

  @Test
  public void multipleFilesThroughAGlobAndSeveralPatterns() throws IOException {
    File a = write("in/a.csv", "id,name,amount\na1,x,1\na2,y,2\n", false);
    File b = write("in/b.csv", "id,name,amount\r\nb1,z,3", true);
    write("in/notes.txt", "not a csv at all\n", false);
    File c = write("other/c.csv", "id,name,amount\nc1,w,4\n", false);
    String glob = new File(tmp.getRoot(), "in/*.csv").toString();
    PCollection<SourceLine> lines =
        p.apply(ReadCsvLines.from(List.of(glob, c.toString()), HEADER).withRangeBytes(5));
    PAssert.that(lines)
        .containsInAnyOrder(
            new SourceLine(a.toString(), 15, "a1,x,1"),
            new SourceLine(a.toString(), 22, "a2,y,2"),
            new SourceLine(b.toString(), 19, "b1,z,3"),
            new SourceLine(c.toString(), 15, "c1,w,4"));
    p.run().waitUntilFinish();
  }

  @Test
  public void gzipFilesAreReadWholeWithOffsetsInTheUncompressedText() throws IOException {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    plain.write(BOM);
    plain.write(MIXED.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(plain.toByteArray());
    }
    File file = write("mixed.csv.gz", gz.toByteArray());
    String f = file.toString();
    ReadCsvLines.checkInputs(List.of(f), HEADER, "UTF-8");
    // a compressed file cannot be split: the tiny range size must not matter
    PAssert.that(p.apply(ReadCsvLines.from(List.of(f), HEADER).withRangeBytes(5)))
        .containsInAnyOrder(mixedLines(f));
    p.run().waitUntilFinish();
  }

  // Wrong inputs

  @Test
  public void checkInputsAcceptsGoodFiles() throws IOException {
    File a = write("a.csv", MIXED, true);
    File b = write("b.csv", " ID , NAME , Amount\r\n1,a,1\r\n", false);
    ReadCsvLines.checkInputs(List.of(a.toString(), b.toString()), HEADER, "UTF-8");
  }

  @Test
  public void checkInputsRejectsAWrongHeaderNamingExpectedAndFoundColumns() throws IOException {
    write("in/good.csv", "id,name,amount\n1,a,1\n", false);
    File bad = write("in/bad.csv", "id,nom,montant\n1,a,1\n", false);
    CsvHeaderException e =
        assertThrows(
            CsvHeaderException.class,
            () ->
                ReadCsvLines.checkInputs(
                    List.of(new File(tmp.getRoot(), "in/*.csv").toString()), HEADER, "UTF-8"));
    assertThat(e.getMessage(), containsString(bad.toString()));
    assertThat(e.getMessage(), containsString("[id, name, amount]"));
    assertThat(e.getMessage(), containsString("[id, nom, montant]"));
  }

  @Test
  public void checkInputsRejectsAFileWithoutHeader() throws IOException {
    File empty = write("empty.csv", new byte[0]);
    CsvHeaderException e =
        assertThrows(
            CsvHeaderException.class,
            () -> ReadCsvLines.checkInputs(List.of(empty.toString()), HEADER, "UTF-8"));
    assertThat(e.getMessage(), containsString("found []"));
    File dataOnly = write("data.csv", "1,a,1\n2,b,2\n", false);
    assertThrows(
        CsvHeaderException.class,
        () -> ReadCsvLines.checkInputs(List.of(dataOnly.toString()), HEADER, "UTF-8"));
  }

  @Test
  public void checkInputsRejectsAPatternMatchingNoFile() throws IOException {
    File good = write("good.csv", "id,name,amount\n", false);
    String missing = new File(tmp.getRoot(), "missing.csv").toString();
    String noGlobMatch = new File(tmp.getRoot(), "nothing-*.csv").toString();
    FileNotFoundException e =
        assertThrows(
            FileNotFoundException.class,
            () -> ReadCsvLines.checkInputs(List.of(good.toString(), missing), HEADER, "UTF-8"));
    assertThat(e.getMessage(), containsString(missing));
    assertThrows(
        FileNotFoundException.class,
        () -> ReadCsvLines.checkInputs(List.of(noGlobMatch), HEADER, "UTF-8"));
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  private static final String NOT_UTF8 =
      "the line is not valid UTF-8: 1 byte(s) cannot be decoded, the first (0x%s) at byte %d of the line; raw shows them as \\xNN";

  @Test
  public void bytesNotValidInTheEncodingAreEscapedAndMarkedNeverReplaced() throws IOException {
    // a Latin-1 Ü and ÿ in a UTF-8 file; a backslash on a bad line; a real U+FFFD (EF BF BD) is
    // valid UTF-8
    File f =
        write(
            "bad-bytes.csv",
            bytes(
                "id,name,amount\n",
                "1,M",
                0xDC,
                "NCHEN,10\n",
                "2,a\\b ",
                0xFF,
                ",20\n",
                "3,Zoë,30\n",
                "4,",
                0xEF,
                0xBF,
                0xBD,
                ",40\n"));
    String file = f.toString();
    for (long range : new long[] {4, 1 << 20}) {
      PAssert.that(
              p.apply(
                  "Range" + range, ReadCsvLines.from(List.of(file), HEADER).withRangeBytes(range)))
          .containsInAnyOrder(
              new SourceLine(file, 15, "1,M\\xDCNCHEN,10", String.format(NOT_UTF8, "DC", 3)),
              new SourceLine(file, 28, "2,a\\\\b \\xFF,20", String.format(NOT_UTF8, "FF", 6)),
              new SourceLine(file, 39, "3,Zoë,30"),
              new SourceLine(file, 49, "4,\uFFFD,40"));
    }
    p.run().waitUntilFinish();
  }

  @Test
  public void aDeclaredSingleByteEncodingDecodesItsBytes() throws IOException {
    File latin1 =
        write(
            "latin1.csv",
            bytes("id,name,amount\n", "1,M", 0xDC, "NCHEN,10\n", "2,", 0x80, ",20\n"));
    File cp1252 =
        write(
            "cp1252.csv",
            bytes(
                "id,name,amount\n",
                "1,M",
                0xDC,
                "NCHEN,10\n",
                "2,",
                0x80,
                ",20\n",
                "3,",
                0x81,
                ",30\n"));
    // Latin-1 defines every byte: 0x80 is the C1 control U+0080 (rejected later as
    // control_character)
    PAssert.that(
            p.apply(
                "Latin1",
                ReadCsvLines.from(List.of(latin1.toString()), HEADER).withEncoding("ISO-8859-1")))
        .containsInAnyOrder(
            new SourceLine(latin1.toString(), 15, "1,MÜNCHEN,10"),
            new SourceLine(latin1.toString(), 28, "2,\u0080,20"));
    // windows-1252: 0x80 is the euro sign, 0x81 is undefined
    PAssert.that(
            p.apply(
                "Cp1252",
                ReadCsvLines.from(List.of(cp1252.toString()), HEADER).withEncoding("windows-1252")))
        .containsInAnyOrder(
            new SourceLine(cp1252.toString(), 15, "1,MÜNCHEN,10"),
            new SourceLine(cp1252.toString(), 28, "2,€,20"),
            new SourceLine(
                cp1252.toString(),
                35,
                "3,\\x81,30",
                "the line is not valid windows-1252: 1 byte(s) cannot be decoded, the first (0x81) at byte 2 of the line; raw shows them as \\xNN"));
    p.run().waitUntilFinish();
  }

  @Test
  public void encodingsThatCannotBeReadLineByLineAreRefused() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> LineDecoder.of("UTF-16")).getMessage(),
        containsString("not ASCII-compatible"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> LineDecoder.of("no-such-charset"))
            .getMessage(),
        containsString("not an encoding"));
    assertEquals("windows-1252", LineDecoder.of("Cp1252").charsetName());
  }

  @Test
  public void aBinaryHeaderIsQuotedEscapedInTheMessage() throws IOException {
    File binary =
        write("data.parquet.csv", bytes("PAR1", 0x00, 0x15, 0x8C, 0x1B, "x\n", "1,a,1\n"));
    CsvHeaderException e =
        assertThrows(
            CsvHeaderException.class,
            () -> ReadCsvLines.checkInputs(List.of(binary.toString()), HEADER, "UTF-8"));
    assertThat(e.getMessage(), containsString("found [PAR1\\u0000\\u0015\\x8C\\u001Bx]"));
    assertEquals(false, CsvFormats.hasControlCharacter(e.getMessage()));
  }

  @Test
  public void pipelineFailsOnAWrongHeader() throws IOException {
    File bad = write("bad.csv", "\uFEFFid,name\n1,a\n", false);
    p.apply(ReadCsvLines.from(List.of(bad.toString()), HEADER).withRangeBytes(4));
    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, p::run);
    CsvHeaderException cause = causeOfType(e, CsvHeaderException.class);
    assertThat(cause.getMessage(), containsString(bad.toString()));
    assertThat(cause.getMessage(), containsString("expected columns [id, name, amount]"));
    assertThat(cause.getMessage(), containsString("found [id, name]"));
  }

  @Test
  public void pipelineFailsOnAPatternMatchingNoFile() {
    String pattern = new File(tmp.getRoot(), "nothing-*.csv").toString();
    p.apply(ReadCsvLines.from(List.of(pattern), HEADER));
    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, p::run);
    // FileIO.matchAll() with EmptyMatchTreatment.DISALLOW
    FileNotFoundException cause = causeOfType(e, FileNotFoundException.class);
    assertThat(cause.getMessage(), containsString(pattern));
  }

  private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + e, e);
  }
}
