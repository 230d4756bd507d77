package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class DeadLetterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  public void jsonHasFileDataPositionRawReasonAndDetail() throws Exception {
    DeadLetter d =
        DeadLetter.of(
            new SourceLine("s3://bucket/in/a.csv", 1234567890123L, "T1,C1,x"), "bad_amount", "why");
    JsonNode node = JSON.readTree(d.toJson());
    assertEquals(5, node.size());
    assertEquals(List.of("file", "position", "raw", "reason", "detail"), fieldNames(node));
    assertEquals("s3://bucket/in/a.csv", node.get("file").asText());
    assertEquals(1234567890123L, node.get("position").asLong());
    assertEquals(true, node.get("position").isIntegralNumber());
    assertEquals("T1,C1,x", node.get("raw").asText());
    assertEquals("bad_amount", node.get("reason").asText());
    assertEquals("why", node.get("detail").asText());
  }

  @Test
  public void specialCharactersInRawSurviveTheRoundTrip() throws Exception {
    String raw =
        "T1,\"a \"\"b\"\", c\",Zoë 東京 \\ back\\slash\ttab \u0001 ctrl, emoji \uD83D\uDE00, </script>";
    DeadLetter d =
        DeadLetter.of(
            new SourceLine("C:\\data\\\"odd\" name.csv", 0, raw), "malformed_csv", "quote \" here");
    String json = d.toJson();
    assertFalse(
        "one line per dead letter",
        json.contains("\n") || json.contains("\r") || json.contains("\t"));
    JsonNode node = JSON.readTree(json);
    assertEquals(raw, node.get("raw").asText());
    assertEquals("C:\\data\\\"odd\" name.csv", node.get("file").asText());
    assertEquals("quote \" here", node.get("detail").asText());
  }

  @Test
  public void emptyRawAndNullDetail() throws Exception {
    DeadLetter d = DeadLetter.of(new SourceLine("f", 7, ""), "blank_line", null);
    assertEquals("", d.detail());
    assertEquals(
        "{\"file\":\"f\",\"position\":7,\"raw\":\"\",\"reason\":\"blank_line\",\"detail\":\"\"}",
        d.toJson());
  }

  @Test
  public void coderRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetter.Coder.of(), DeadLetter.of(new SourceLine("f.csv", 42, "a,\"b\",ü"), "r", "d"));
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetter.Coder.of(), DeadLetter.of(new SourceLine("", 0, ""), "", null));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
