package dev.etl.transforms.segment;

import java.time.LocalDate;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** The hand-written coder of {@link RfmBoundaries}: round trip, nulls included. */
public class RfmBoundariesCoderTest {
  @Test
  public void rfmBoundaries() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        RfmBoundaries.BoundariesCoder.of(),
        new RfmBoundaries(
            LocalDate.of(2016, 10, 21),
            5,
            new Quintiles(1, 2, 3, 4),
            new Quintiles(1, 1, 1, 2),
            new Quintiles(100, 2000, 30000, 400000)));
    Quintiles none = new Quintiles(0, 0, 0, 0);
    CoderProperties.coderDecodeEncodeEqual(
        RfmBoundaries.BoundariesCoder.of(), new RfmBoundaries(null, 0, none, none, none));
  }
}
