package dev.etl.transforms.segment;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What RFM scoring compares against, computed over all customers: the reference date (the last
 * transaction date in the data; recency is counted from it, null when there are no customers) and
 * the quintile bounds of recency (days), frequency (transactions) and monetary (total amount in
 * paise, rounded up to three significant digits, see {@link SegmentCustomers#monetaryKey}).
 */
public record RfmBoundaries(LocalDate referenceDate, long customers, Quintiles recencyDays, Quintiles frequency, Quintiles monetaryPaise)
    implements Serializable {

  /** Recent is good: the most recent quintile of recency scores 5. */
  public int recencyScore(long recencyDays) {
    return 6 - this.recencyDays.quintileOf(recencyDays);
  }

  public int frequencyScore(long transactions) {
    return frequency.quintileOf(transactions);
  }

  public int monetaryScore(long monetaryPaise) {
    return this.monetaryPaise.quintileOf(monetaryPaise);
  }
}
