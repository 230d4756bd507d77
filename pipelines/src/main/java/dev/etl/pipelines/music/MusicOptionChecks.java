package dev.etl.pipelines.music;

import dev.etl.pipelines.common.OptionChecks;
import dev.etl.pipelines.common.UserError;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Every option of the music job, checked before its graph is built (see {@link OptionChecks}). */
public final class MusicOptionChecks {
  static final int MAX_TOP_N = 100_000;

  private MusicOptionChecks() {}

  public static void music(MusicOptions o) {
    OptionChecks.batchJob(o);
    OptionChecks.between("topN", o.getTopN(), 1, MAX_TOP_N);
    snapshotDate(o);
  }

  /**
   * The snapshot's day: {@code YYYY-MM-DD}, not after today (UTC), since the catalog's partition
   * projection runs up to NOW. Unset means today, UTC.
   */
  public static LocalDate snapshotDate(MusicOptions o) {
    String text = o.getSnapshotDate();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (text == null) {
      return today;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new UserError(
          "--snapshotDate must be a day as YYYY-MM-DD (e.g. " + today + "), got '" + text + "'");
    }
    if (date.isAfter(today)) {
      throw new UserError(
          "--snapshotDate must not be after today ("
              + today
              + ", UTC), got "
              + date
              + ": a snapshot describes data already there");
    }
    return date;
  }
}
