package dev.etl.transforms.fraud;

import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** The hand-written coder of {@link LocationStats}: round trip and deterministic. */
public class LocationStatsCoderTest {
  @Test
  public void locationStats() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        LocationStats.StatsCoder.of(), new LocationStats("MUMBAI", 42, 6.123456789, 0.987654321));
    CoderProperties.coderDeterministic(
        LocationStats.StatsCoder.of(),
        new LocationStats("PUNE", 2, Math.PI, Math.E),
        new LocationStats("PUNE", 2, Math.PI, Math.E));
  }
}
