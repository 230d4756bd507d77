package dev.etl.transforms.bank;

import dev.etl.transforms.fraud.LocationStats;
import dev.etl.transforms.segment.Quintiles;
import dev.etl.transforms.segment.RfmBoundaries;
import java.time.LocalDate;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** The hand-written coders of the bank records: round trip, nulls included, and deterministic. */
public class RecordCodersTest {
  @Test
  public void customerProfile() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        CustomerProfile.ProfileCoder.of(),
        new CustomerProfile("C1", LocalDate.of(1968, 7, 25), "F", "NEW DELHI, SOUTH", -12.5, LocalDate.of(2016, 8, 1), LocalDate.of(2016, 9, 3), 3, 1234.56, 48));
    CoderProperties.coderDecodeEncodeEqual(
        CustomerProfile.ProfileCoder.of(),
        new CustomerProfile("C2", null, null, null, null, LocalDate.of(2016, 8, 1), LocalDate.of(2016, 8, 1), 1, 0.0, null));
    CoderProperties.coderDeterministic(
        CustomerProfile.ProfileCoder.of(),
        new CustomerProfile("C2", null, "M", null, 5.0, LocalDate.of(2016, 8, 1), LocalDate.of(2016, 8, 1), 1, 7.25, null),
        new CustomerProfile("C2", null, "M", null, 5.0, LocalDate.of(2016, 8, 1), LocalDate.of(2016, 8, 1), 1, 7.25, null));
  }

  @Test
  public void rfmBoundaries() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        RfmBoundaries.BoundariesCoder.of(),
        new RfmBoundaries(LocalDate.of(2016, 10, 21), 5, new Quintiles(1, 2, 3, 4), new Quintiles(1, 1, 1, 2), new Quintiles(100, 2000, 30000, 400000)));
    Quintiles none = new Quintiles(0, 0, 0, 0);
    CoderProperties.coderDecodeEncodeEqual(RfmBoundaries.BoundariesCoder.of(), new RfmBoundaries(null, 0, none, none, none));
  }

  @Test
  public void locationStats() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(LocationStats.StatsCoder.of(), new LocationStats("MUMBAI", 42, 6.123456789, 0.987654321));
    CoderProperties.coderDeterministic(
        LocationStats.StatsCoder.of(), new LocationStats("PUNE", 2, Math.PI, Math.E), new LocationStats("PUNE", 2, Math.PI, Math.E));
  }
}
