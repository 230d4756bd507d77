package dev.etl.transforms.music;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.StepResult;
import dev.etl.transforms.csv.CsvFormats;
import dev.etl.transforms.csv.ParseCsv;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** {@link ParseCsv} with the music mappers: quoting round trips, typing, and every reason code. */
public class MusicCsvParseTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static final String URL = "https://p.scdn.co/mp3-preview/abc?cid=1";
  static final String QUOTED_LINE =
      "TRAAAAA0000000001,\"Hello, \"\"World\"\"\",\"Beyoncé, Zoë & Ñandú\",\""
          + URL
          + "\",6xYz,\"rock, indie_rock ,, 00s,\",,1999,215000,0.5,0.8,7,-5.25,1,0.04,0.1,0.000049,0.11,0.6,120.0,4";

  static String[] fields(String line) throws Exception {
    return CsvFormats.split(line);
  }

  @Test
  public void quotedNamesRoundTripExactly() throws Exception {
    Track t = MusicCsv.toTrack(fields(QUOTED_LINE));
    assertEquals("Hello, \"World\"", t.name());
    assertEquals("Beyoncé, Zoë & Ñandú", t.artist());
    assertEquals(URL, t.spotifyPreviewUrl());
    assertEquals(List.of("rock", "indie_rock", "00s"), t.tags());
    assertNull("blank genre is null", t.genre());
    assertEquals(Integer.valueOf(1999), t.year());
    assertEquals(Integer.valueOf(215000), t.durationMs());
    assertEquals(Double.valueOf(0.000049), t.instrumentalness());
    assertEquals(Double.valueOf(-5.25), t.loudness());
    assertEquals(Integer.valueOf(4), t.timeSignature());
  }

  @Test
  public void blankTagsAreAnEmptyList() throws Exception {
    String line = "TR1,Song,Artist,,,,Pop,2001,1000,0.1,0.2,1,-3,0,0.1,0.1,0.1,0.1,0.1,100,3";
    Track t = MusicCsv.toTrack(fields(line));
    assertEquals(List.of(), t.tags());
    assertEquals("Pop", t.genre());
    assertNull(t.spotifyPreviewUrl());
  }

  @Test
  public void badNumbersAreRejectedNamingTheColumn() throws Exception {
    for (String[] bad :
        new String[][] {
          {"7", "abc", "year"},
          {"9", "0,5", "danceability"},
          {"8", "3:45", "duration_ms"},
          {"19", "high", "tempo"},
          {"12", "NaN", "loudness"},
          {"11", "1.5", "key"}
        }) {
      String[] f = fields(QUOTED_LINE);
      f[Integer.parseInt(bad[0])] = bad[1];
      Rejection r = assertThrows(Rejection.class, () -> MusicCsv.toTrack(f));
      assertEquals(MusicCsv.BAD_NUMBER, r.reason());
      assertEquals(
          bad[2]
              + " '"
              + bad[1]
              + "' is not "
              + (bad[2].equals("year") || bad[2].equals("duration_ms") || bad[2].equals("key")
                  ? "a whole number"
                  : "a number"),
          r.detail());
    }
  }

  @Test
  public void playcountMustBeAWholeNumberOfAtLeastOne() throws Exception {
    assertEquals(new Listen("TR1", "u1", 3), MusicCsv.toListen(new String[] {" TR1", "u1 ", "3"}));
    assertEquals(5000, MusicCsv.toListen(new String[] {"TR1", "u1", "5000"}).playcount());
    // every whole number that fits a BIGINT
    for (String good :
        List.of("1", "999999999", "1000000000", "99999999999", "9223372036854775807")) {
      assertEquals(
          good,
          Long.parseLong(good),
          MusicCsv.toListen(new String[] {"TR1", "u1", good}).playcount());
    }
    // the detail says which rule the value breaks
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("0", "is below 1");
    bad.put("-3", "is below 1");
    bad.put("-99999999999999999999", "is below 1");
    bad.put("abc", "is not a whole number (digits 0-9 only)");
    bad.put("", "is not a whole number (digits 0-9 only)");
    bad.put("1.5", "is not a whole number (digits 0-9 only)");
    bad.put("+2", "is not a whole number (digits 0-9 only)");
    bad.put("1e3", "is not a whole number (digits 0-9 only)");
    bad.put("9223372036854775808", "is beyond the BIGINT maximum 9223372036854775807");
    bad.put("99999999999999999999", "is beyond the BIGINT maximum 9223372036854775807");
    bad.forEach(
        (value, detail) -> {
          Rejection r =
              assertThrows(
                  Rejection.class, () -> MusicCsv.toListen(new String[] {"TR1", "u1", value}));
          assertEquals(value, MusicCsv.BAD_PLAYCOUNT, r.reason());
          assertEquals(value, "playcount '" + value + "' " + detail, r.detail());
        });
    assertEquals(
        MusicCsv.MISSING_TRACK_ID,
        assertThrows(Rejection.class, () -> MusicCsv.toListen(new String[] {" ", "u", "1"}))
            .reason());
    assertEquals(
        MusicCsv.MISSING_USER_ID,
        assertThrows(Rejection.class, () -> MusicCsv.toListen(new String[] {"T", "", "1"}))
            .reason());
  }

  @Test
  public void trackCoderRoundTrips() throws Exception {
    Track t = MusicCsv.toTrack(fields(QUOTED_LINE));
    CoderProperties.coderDecodeEncodeEqual(Track.TrackCoder.of(), t);
    Track sparse =
        new Track(
            "TR2", null, null, null, null, List.of(), null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null);
    CoderProperties.coderDecodeEncodeEqual(Track.TrackCoder.of(), sparse);
    CoderProperties.coderDecodeEncodeEqual(Listen.ListenCoder.of(), new Listen("TR1", "ü", 7));
  }

  @Test
  public void parsesListenLinesWithDeadLetters() {
    String file = "/in/User_Listening_History.csv";
    List<SourceLine> lines =
        List.of(
            new SourceLine(file, 28, "TR1,u1,2"),
            new SourceLine(file, 37, "TR2,u1,0"),
            new SourceLine(file, 46, "TR3,u2"),
            new SourceLine(file, 53, ""),
            new SourceLine(file, 54, ",u3,1"),
            new SourceLine(file, 60, "\"TR4,u4,1"),
            new SourceLine(file, 70, "TR5,u5,1,9"),
            new SourceLine(file, 80, "track_id,user_id,playcount"),
            new SourceLine(file, 90, "TR6,u6,4000000000"),
            new SourceLine(file, 99, "TR7,u7,9223372036854775808"));
    StepResult<Parsed<Listen>> out =
        p.apply(Create.of(lines).withCoder(SourceLine.Coder.of()))
            .apply(ParseCsv.of(3, MusicCsv.listenMapper(), Listen.ListenCoder.of()));
    PAssert.that(out.good())
        .containsInAnyOrder(
            new Parsed<>(lines.get(0), new Listen("TR1", "u1", 2)),
            new Parsed<>(lines.get(8), new Listen("TR6", "u6", 4_000_000_000L)));
    PCollection<String> reasons =
        out.rejected()
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((DeadLetter d) -> d.source().offset() + ":" + d.reason()));
    PAssert.that(reasons)
        .containsInAnyOrder(
            "37:bad_playcount",
            "46:wrong_column_count",
            "53:blank_line",
            "54:missing_track_id",
            "60:malformed_csv",
            "70:wrong_column_count",
            "80:repeated_header",
            "99:bad_playcount");
    p.run();
  }
}
