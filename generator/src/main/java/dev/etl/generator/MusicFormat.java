package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.mix64;
import static dev.etl.generator.GeneratorSupport.streamSeed;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** How the music files spell ids and numbers: track and user ids, hex and base-62 ids, decimals. */
final class MusicFormat {
  private static final char[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private MusicFormat() {}

  /**
   * The track ids of a seed: {@code TR} and 16 of {@code [0-9A-Z]}. The last 12 characters and one
   * of the others encode a bijective mix of the track number, so different numbers always give
   * different ids. Both files use it, so the listens refer to the catalog's ids.
   */
  static final class TrackIds {
    private final long idKey;
    private final long paddingKey;

    TrackIds(long seed) {
      idKey = streamSeed(seed, MusicDataGenerator.SALT_TRACK_IDS);
      paddingKey = streamSeed(seed, MusicDataGenerator.SALT_TRACK_ID_PADDING);
    }

    byte[] of(long track) {
      long v = mix64(idKey + track);
      long pad = mix64(paddingKey + track);
      byte[] b = new byte[18];
      b[0] = 'T';
      b[1] = 'R';
      for (int p = 17; p >= 6; p--) {
        b[p] = (byte) BASE36[(int) Long.remainderUnsigned(v, 36)];
        v = Long.divideUnsigned(v, 36);
      }
      // v is now below 4 (2^64 < 4 * 36^12)
      pad >>>= 1;
      b[2] = (byte) BASE36[(int) (pad % 36)];
      pad /= 36;
      b[3] = (byte) BASE36[(int) (pad % 36)];
      pad /= 36;
      b[4] = (byte) BASE36[(int) (v + 4 * (pad % 9))];
      pad /= 9;
      b[5] = (byte) BASE36[(int) (pad % 36)];
      return b;
    }
  }

  /** The user ids of a seed: 40 lowercase hex digits; the middle 16 mix the user number. */
  static final class UserIds {
    static final int LENGTH = 40;

    private final long userKey;

    UserIds(long seed) {
      userKey = streamSeed(seed, MusicDataGenerator.SALT_USER_IDS);
    }

    /** Writes the id into {@code into}, reused line after line to spare an array per line. */
    void of(long user, byte[] into) {
      long unique = mix64(userKey + user);
      long a = mix64(unique ^ 0x6A09E667F3BCC909L);
      long c = mix64(unique ^ 0xBB67AE8584CAA73BL);
      putHex(into, 0, a, 16);
      putHex(into, 16, unique, 16);
      putHex(into, 32, c, 8);
    }

    private static void putHex(byte[] into, int at, long value, int digits) {
      for (int i = at + digits - 1; i >= at; i--) {
        into[i] = HEX[(int) (value & 15)];
        value >>>= 4;
      }
    }
  }

  static String hex(SplittableRandom r, int digits) {
    char[] c = new char[digits];
    for (int i = 0; i < digits; i++) {
      c[i] = (char) HEX[r.nextInt(16)];
    }
    return new String(c);
  }

  static String base62(SplittableRandom r, int digits) {
    char[] c = new char[digits];
    for (int i = 0; i < digits; i++) {
      c[i] = BASE62[r.nextInt(62)];
    }
    return new String(c);
  }

  /** Three significant digits, at most six decimals, at least one ({@code 0.0}, {@code 0.0746}). */
  static String sig3(double value) {
    if (!(value > 0)) {
      return "0.0";
    }
    for (int d = 3; d < 6; d++) {
      long scaled = Math.round(value * POW10[d]);
      if (scaled >= 100) {
        return decimal(scaled, d);
      }
    }
    return decimal(Math.round(value * POW10[6]), 6);
  }

  /** At most three decimals, at least one ({@code -4.36}, {@code 148.114}, {@code 120.0}). */
  static String fixed3(double value) {
    return decimal(Math.round(value * 1000), 3);
  }

  private static String decimal(long scaled, int decimals) {
    StringBuilder s = new StringBuilder(12);
    if (scaled < 0) {
      s.append('-');
      scaled = -scaled;
    }
    long unit = POW10[decimals];
    s.append(scaled / unit);
    long frac = scaled % unit;
    s.append('.');
    if (frac == 0) {
      return s.append('0').toString();
    }
    int digits = decimals;
    while (frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    String f = Long.toString(frac);
    for (int i = f.length(); i < digits; i++) {
      s.append('0');
    }
    return s.append(f).toString();
  }
}
