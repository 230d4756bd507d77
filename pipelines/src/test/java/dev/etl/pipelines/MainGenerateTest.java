package dev.etl.pipelines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/** The generators are not in the production jars: Main still lists generate and points to ./etl. */
public class MainGenerateTest {
  @Test
  public void generateIsListedAndAnsweredWithWhereItRuns() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream usage = new ByteArrayOutputStream();
    ByteArrayOutputStream error = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(usage, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(error, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.run(List.of("--help")));
      assertEquals(2, Main.run(List.of("generate", "bank", "--output=/tmp/never-written")));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertTrue(usage.toString(StandardCharsets.UTF_8).contains("\n  generate "));
    assertEquals(
        "error: generate is not part of this jar: run ./etl generate from a checkout of the project\n",
        error.toString(StandardCharsets.UTF_8));
  }
}
