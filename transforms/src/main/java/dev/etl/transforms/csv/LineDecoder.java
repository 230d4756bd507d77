package dev.etl.transforms.csv;

import dev.etl.transforms.core.SourceLine;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;

/**
 * Turns the bytes of one line into text in the file's declared encoding, never silently: a line
 * with bytes that are not valid in it comes out with an {@link SourceLine#encodingError()} and its
 * bad bytes escaped, for a {@code bad_encoding} dead letter. (Java's {@code new String(bytes, cs)}
 * would turn them into U+FFFD and the changed row would pass as clean.)
 */
public final class LineDecoder implements Serializable {
  public static final String DEFAULT_ENCODING = "UTF-8";
  private static final char REPLACEMENT = '\uFFFD';

  private final String charsetName;
  private transient Charset charset;
  private transient CharsetDecoder strict;

  private LineDecoder(String charsetName) {
    this.charsetName = charsetName;
  }

  /**
   * A decoder for a charset Java knows whose line ends, commas and quotes are the ASCII bytes
   * (UTF-8, ISO-8859-1, windows-1252, ...): lines are cut at '\n' bytes before decoding, which
   * UTF-16 would break.
   *
   * @throws IllegalArgumentException naming the problem, for an unknown or unsuitable charset
   */
  public static LineDecoder of(String charsetName) {
    Charset charset;
    try {
      charset = Charset.forName(charsetName);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException(
          "'"
              + charsetName
              + "' is not an encoding this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252)");
    }
    byte[] ascii = new byte[128];
    for (int i = 0; i < ascii.length; i++) {
      ascii[i] = (byte) i;
    }
    if (!charset.canEncode()
        || !Arrays.equals(
            ascii, new String(ascii, StandardCharsets.ISO_8859_1).getBytes(charset))) {
      throw new IllegalArgumentException(
          "'"
              + charsetName
              + "' is not ASCII-compatible (lines are split at ASCII line ends): use UTF-8, ISO-8859-1, windows-1252 or similar");
    }
    return new LineDecoder(charset.name());
  }

  public String charsetName() {
    return charsetName;
  }

  private Charset charset() {
    if (charset == null) {
      charset = Charset.forName(charsetName);
    }
    return charset;
  }

  /**
   * The line as text, or, when some bytes are not valid in the encoding, escaped with the error
   * set.
   */
  public SourceLine decode(String file, long offset, byte[] bytes) {
    String text = new String(bytes, charset());
    // the JDK's fast decoding replaces bad bytes by U+FFFD; only then is a strict pass needed
    if (text.indexOf(REPLACEMENT) < 0) {
      return new SourceLine(file, offset, text);
    }
    Escaped escaped = escape(bytes);
    return escaped.badBytes == 0
        ? new SourceLine(file, offset, text) // a real U+FFFD in the data
        : new SourceLine(file, offset, escaped.text, escaped.problem);
  }

  /** The bytes as text, bad bytes as {@code \xNN} (backslashes doubled only when there are any). */
  public String printable(byte[] bytes) {
    Escaped escaped = escape(bytes);
    return escaped.badBytes == 0 ? new String(bytes, charset()) : escaped.text;
  }

  private record Escaped(String text, int badBytes, String problem) {}

  private Escaped escape(byte[] bytes) {
    if (strict == null) {
      strict =
          charset()
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    strict.reset();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer chunk = CharBuffer.allocate(Math.max(16, bytes.length));
    StringBuilder text = new StringBuilder(bytes.length + 16);
    int badBytes = 0;
    int firstBad = -1;
    while (true) {
      CoderResult result = strict.decode(in, chunk, true);
      appendEscapingBackslashes(text, chunk);
      if (result.isError()) {
        if (firstBad < 0) {
          firstBad = in.position();
        }
        for (int i = 0; i < result.length(); i++) {
          text.append(String.format("\\x%02X", bytes[in.position()] & 0xFF));
          in.position(in.position() + 1);
          badBytes++;
        }
      } else if (result.isUnderflow()) {
        break;
      }
    }
    CharBuffer tail = CharBuffer.allocate(16);
    strict.flush(tail);
    appendEscapingBackslashes(text, tail);
    String problem =
        badBytes == 0
            ? null
            : String.format(
                "the line is not valid %s: %d byte(s) cannot be decoded, the first (0x%02X) at byte %d of the line; raw shows them as \\xNN",
                charsetName, badBytes, bytes[firstBad] & 0xFF, firstBad);
    return new Escaped(text.toString(), badBytes, problem);
  }

  private static void appendEscapingBackslashes(StringBuilder text, CharBuffer chunk) {
    chunk.flip();
    while (chunk.hasRemaining()) {
      char c = chunk.get();
      text.append(c == '\\' ? "\\\\" : String.valueOf(c));
    }
    chunk.clear();
  }
}
