package dev.etl.transforms.bank;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The bank file's date and time quirks, fixed with java.time.
 *
 * <ul>
 *   <li>Dates are {@code d/m/yy}. A transaction year {@code yy} means 20yy (the data is from 2016),
 *       so {@code 10/8/99} is 2099-08-10: the mapper rejects dates after a bound (default {@link
 *       #today()}).
 *   <li>A birth date's century is the latest one that does not put the birth after the transaction:
 *       a naive parse turns {@code 1/1/68} into 2068.
 *   <li>{@code 1/1/1800} (any year before 1900) is the source's placeholder for "unknown".
 *   <li>Times are HHMMSS integers without leading zeros: {@code 1234} is 00:12:34.
 * </ul>
 */
public final class BankDates {
  private static final int FIRST_REAL_BIRTH_YEAR = 1900;

  /**
   * The zone whose date is the latest on Earth: a transaction dated "today" anywhere is not after
   * today here, so the default bound never rejects a real, already-made transaction.
   */
  public static final ZoneOffset LATEST_ZONE = ZoneOffset.ofHours(14);

  private BankDates() {}

  /** Today's date in {@link #LATEST_ZONE}: the default latest transaction date. */
  public static LocalDate today() {
    return LocalDate.now(LATEST_ZONE);
  }

  /** A transaction date, or null if it is not a real {@code d/m/yy} (or {@code d/m/yyyy}) date. */
  public static LocalDate parseTransactionDate(String text) {
    int[] parts = dayMonthYear(text);
    if (parts == null) {
      return null;
    }
    int year = parts[3] == 2 ? 2000 + parts[2] : parts[2];
    return dateOrNull(year, parts[1], parts[0]);
  }

  /**
   * A birth date resolved against the transaction date, or null when unknown: blank, the
   * placeholder, unparseable, or impossible in every century.
   */
  public static LocalDate resolveBirthDate(String text, LocalDate transactionDate) {
    int[] parts = dayMonthYear(text);
    if (parts == null) {
      return null;
    }
    if (parts[3] == 4) {
      LocalDate date =
          parts[2] < FIRST_REAL_BIRTH_YEAR ? null : dateOrNull(parts[2], parts[1], parts[0]);
      return date == null || date.isAfter(transactionDate) ? null : date;
    }
    int century = transactionDate.getYear() / 100 * 100;
    for (int base = century; base >= century - 100; base -= 100) {
      LocalDate candidate = dateOrNull(base + parts[2], parts[1], parts[0]);
      if (candidate != null && !candidate.isAfter(transactionDate)) {
        return candidate;
      }
    }
    return null;
  }

  /** HHMMSS without leading zeros to a time of day, or null if not a valid time. */
  public static LocalTime parseTime(String text) {
    String digits = text.trim();
    if (digits.isEmpty() || digits.length() > 6) {
      return null;
    }
    if (!asciiDigits(digits)) {
      return null;
    }
    int value = Integer.parseInt(digits);
    int hours = value / 10000;
    int minutes = value / 100 % 100;
    int seconds = value % 100;
    if (hours > 23 || minutes > 59 || seconds > 59) {
      return null;
    }
    return LocalTime.of(hours, minutes, seconds);
  }

  /** {day, month, year, number of year digits}, or null unless the text is d/m/yy or d/m/yyyy. */
  private static int[] dayMonthYear(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 3) {
      return null;
    }
    if (!asciiDigits(parts[0]) || !asciiDigits(parts[1]) || !asciiDigits(parts[2])) {
      return null;
    }
    int yearDigits = parts[2].length();
    if (parts[0].isEmpty()
        || parts[0].length() > 2
        || parts[1].isEmpty()
        || parts[1].length() > 2
        || (yearDigits != 2 && yearDigits != 4)) {
      return null;
    }
    try {
      return new int[] {
        Integer.parseUnsignedInt(parts[0]),
        Integer.parseUnsignedInt(parts[1]),
        Integer.parseUnsignedInt(parts[2]),
        yearDigits
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Only 0-9: Character.isDigit and Integer.parseInt also take '+' and non-ASCII digits. */
  private static boolean asciiDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static LocalDate dateOrNull(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
