package dev.etl.transforms.bank;

import java.time.LocalDate;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** The hand-written coders of the bank records: round trip, nulls included, and deterministic. */
public class RecordCodersTest {
  @Test
  public void customerProfile() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        CustomerProfile.ProfileCoder.of(),
        new CustomerProfile(
            "C1",
            LocalDate.of(1968, 7, 25),
            "F",
            "NEW DELHI, SOUTH",
            -12.5,
            LocalDate.of(2016, 8, 1),
            LocalDate.of(2016, 9, 3),
            3,
            1234.56,
            48));
    CoderProperties.coderDecodeEncodeEqual(
        CustomerProfile.ProfileCoder.of(),
        new CustomerProfile(
            "C2",
            null,
            null,
            null,
            null,
            LocalDate.of(2016, 8, 1),
            LocalDate.of(2016, 8, 1),
            1,
            0.0,
            null));
    CoderProperties.coderDeterministic(
        CustomerProfile.ProfileCoder.of(),
        new CustomerProfile(
            "C2",
            null,
            "M",
            null,
            5.0,
            LocalDate.of(2016, 8, 1),
            LocalDate.of(2016, 8, 1),
            1,
            7.25,
            null),
        new CustomerProfile(
            "C2",
            null,
            "M",
            null,
            5.0,
            LocalDate.of(2016, 8, 1),
            LocalDate.of(2016, 8, 1),
            1,
            7.25,
            null));
  }
}
