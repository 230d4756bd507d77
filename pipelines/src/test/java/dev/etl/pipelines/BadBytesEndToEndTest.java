package dev.etl.pipelines;

import static dev.etl.pipelines.bank.BankPipelineEndToEndTest.scalar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Both jobs on files with bytes that are not UTF-8 and with control characters inside fields,
 * through the command line: such lines are dead letters with their bytes shown, counted in the
 * summary, never published; a declared --encoding reads a Latin-1 file as text.
 */
public class BadBytesEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final Path MUSIC_FIXTURE = Path.of("../src/fixtures/music").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String BANK_HEADER =
      "TransactionID,CustomerID,CustomerDOB,CustGender,CustLocation,CustAccountBalance,TransactionDate,TransactionTime,TransactionAmount (INR)\n";

  /**
   * Text as UTF-8 except the marked byte: "\u00DC" here stands for the single Latin-1 byte 0xDC.
   */
  static byte[] latin1Uuml(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] parts = text.split("\u00DC", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.write(0xDC);
      }
      out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static int run(String... args) {
    return Main.run(List.of(args));
  }

  static JsonNode summary(Path out) throws IOException {
    return JSON.readTree(out.resolve("_SUMMARY.json").toFile());
  }

  static List<JsonNode> deadLetters(Path out) throws IOException {
    List<JsonNode> letters = new ArrayList<>();
    try (var files = Files.list(out.resolve("rejected"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          letters.add(JSON.readTree(line));
        }
      }
    }
    return letters;
  }

  static JsonNode letter(List<JsonNode> letters, String reason) {
    return letters.stream()
        .filter(l -> l.get("reason").asText().equals(reason))
        .findFirst()
        .orElseThrow();
  }

  @Test
  public void bankRejectsBadBytesAndControlCharactersOrReadsTheDeclaredEncoding() throws Exception {
    Path input = TMP.getRoot().toPath().resolve("bank_latin1.csv");
    Files.write(
        input,
        latin1Uuml(
            BANK_HEADER
                + "T1,C1,10/1/94,F,JAMSHEDPUR,17819.05,2/8/16,143207,25\n"
                + "T2,C2,10/1/94,F,M\u00DCNCHEN,100.5,2/8/16,143207,30\n"
                + "T3,C3,10/1/94,F,PU\u0000NE,100.5,2/8/16,143207,35\n"));

    Path utf8 = TMP.newFolder("bank-utf8").toPath();
    assertEquals(0, run("bank", "--input=" + input, "--output=" + utf8, "--runner=DirectRunner"));
    JsonNode s = summary(utf8);
    assertEquals(3, s.get("rows_read").asLong());
    assertEquals(1, s.get("rows_clean").asLong());
    assertEquals(
        Map.of("bad_encoding", 1, "control_character", 1),
        JSON.convertValue(s.get("rejected_by_reason"), Map.class));
    assertTrue(s.get("reconciled").asBoolean());
    List<JsonNode> letters = deadLetters(utf8);
    assertEquals(
        "T2,C2,10/1/94,F,M\\xDCNCHEN,100.5,2/8/16,143207,30",
        letter(letters, "bad_encoding").get("raw").asText());
    assertEquals(
        "the line is not valid UTF-8: 1 byte(s) cannot be decoded, the first (0xDC) at byte 17 of the line; raw shows them as \\xNN",
        letter(letters, "bad_encoding").get("detail").asText());
    assertEquals(
        "T3,C3,10/1/94,F,PU\u0000NE,100.5,2/8/16,143207,35",
        letter(letters, "control_character").get("raw").asText());
    String rejectedText = Files.readString(utf8.resolve("rejected/part-00000-of-00001.jsonl"));
    assertTrue(
        rejectedText.contains("PU\\u0000NE")); // escaped in the JSON text, not a raw NUL byte
    assertFalse(rejectedText.contains("\u0000"));
    assertEquals(
        "JAMSHEDPUR",
        scalar(
            "SELECT string_agg(location, ',') FROM read_parquet('"
                + utf8
                + "/transactions/*/*.parquet')"));

    Path latin1 = TMP.newFolder("bank-latin1").toPath();
    assertEquals(
        0,
        run(
            "bank",
            "--input=" + input,
            "--output=" + latin1,
            "--runner=DirectRunner",
            "--encoding=ISO-8859-1"));
    JsonNode l = summary(latin1);
    assertEquals(2, l.get("rows_clean").asLong());
    assertEquals(
        Map.of("control_character", 1), JSON.convertValue(l.get("rejected_by_reason"), Map.class));
    assertEquals(
        "MÜNCHEN",
        scalar(
            "SELECT location FROM read_parquet('"
                + latin1
                + "/transactions/*/*.parquet') WHERE transaction_id = 'T2'"));
  }

  @Test
  public void musicRejectsBadBytesInBothFiles() throws Exception {
    Path input = TMP.newFolder("music-in").toPath();
    String tracks = Files.readString(MUSIC_FIXTURE.resolve("Music_Info.csv"));
    String listens = Files.readString(MUSIC_FIXTURE.resolve("User_Listening_History.csv"));
    String goodTrack = tracks.lines().skip(2).findFirst().orElseThrow(); // TRBBBBB..., "Song B"
    Files.write(
        input.resolve("Music_Info.csv"),
        latin1Uuml(
            tracks
                + goodTrack.replace("TRBBBBB128F9310E52,Song B", "TRXXXXX128F9310E60,S\u00DCng X")
                + "\n"));
    Files.write(
        input.resolve("User_Listening_History.csv"),
        latin1Uuml(
            listens + "TRAAAAA128F9310E51,u9\u00DC,1\n" + "TRAAAAA128F9310E51,u9\u0001x,1\n"));
    Path out = TMP.newFolder("music-out").toPath();
    assertEquals(0, run("music", "--input=" + input, "--output=" + out, "--runner=DirectRunner"));
    JsonNode s = summary(out);
    assertEquals(1, s.get("tracks_rejected_by_reason").get("bad_encoding").asLong());
    assertEquals(1, s.get("listens_rejected_by_reason").get("bad_encoding").asLong());
    assertEquals(1, s.get("listens_rejected_by_reason").get("control_character").asLong());
    assertTrue(s.get("reconciled").asBoolean());
    List<JsonNode> letters = deadLetters(out);
    assertTrue(
        letters.stream()
            .anyMatch(d -> d.get("raw").asText().startsWith("TRXXXXX128F9310E60,S\\xDCng X,")));
    assertTrue(
        letters.stream()
            .anyMatch(d -> d.get("raw").asText().equals("TRAAAAA128F9310E51,u9\\xDC,1")));
    assertEquals(
        0L,
        scalar(
            "SELECT count(*) FROM read_parquet('"
                + out
                + "/tracks/*.parquet') WHERE track_id = 'TRXXXXX128F9310E60'"));
    assertFalse(Files.readString(out.resolve("_SUMMARY.json")).contains("\uFFFD"));
  }
}
