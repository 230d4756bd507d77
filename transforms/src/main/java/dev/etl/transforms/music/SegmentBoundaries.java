package dev.etl.transforms.music;

import dev.etl.transforms.core.Percentiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.NavigableMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;

/**
 * The upper bounds (inclusive) of total plays for the light, regular and heavy segments; above
 * {@code heavyMax} is super. They are the 25th, 50th and 75th percentiles of total plays over all
 * users, computed exactly (nearest rank: the smallest total with at least p % of users at or below
 * it). Ties go to the lower segment, so with many equal totals a segment can hold more (or, when
 * two bounds coincide, none) of the users than its quarter.
 */
public record SegmentBoundaries(long users, long lightMax, long regularMax, long heavyMax)
    implements java.io.Serializable {
  public static final String LIGHT = "light";
  public static final String REGULAR = "regular";
  public static final String HEAVY = "heavy";
  public static final String SUPER = "super";

  public String segmentOf(long totalPlays) {
    if (totalPlays <= lightMax) {
      return LIGHT;
    }
    if (totalPlays <= regularMax) {
      return REGULAR;
    }
    return totalPlays <= heavyMax ? HEAVY : SUPER;
  }

  /** The three bounds as (prefix + "light_max" etc., value) pairs, for the run summary. */
  public List<KV<String, Long>> asCounts(String prefix) {
    return List.of(
        KV.of(prefix + "light_max", lightMax),
        KV.of(prefix + "regular_max", regularMax),
        KV.of(prefix + "heavy_max", heavyMax));
  }

  /** From a histogram of total plays (total → users with that total). */
  public static SegmentBoundaries fromHistogram(NavigableMap<Long, Long> usersByTotal) {
    long users = usersByTotal.values().stream().mapToLong(Long::longValue).sum();
    return new SegmentBoundaries(
        users,
        Percentiles.nearestRank(usersByTotal, 25),
        Percentiles.nearestRank(usersByTotal, 50),
        Percentiles.nearestRank(usersByTotal, 75));
  }

  public static final class BoundariesCoder extends AtomicCoder<SegmentBoundaries> {
    private static final BoundariesCoder INSTANCE = new BoundariesCoder();

    public static BoundariesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SegmentBoundaries b, OutputStream out) throws IOException {
      VarLongCoder.of().encode(b.users, out);
      VarLongCoder.of().encode(b.lightMax, out);
      VarLongCoder.of().encode(b.regularMax, out);
      VarLongCoder.of().encode(b.heavyMax, out);
    }

    @Override
    public SegmentBoundaries decode(InputStream in) throws IOException {
      return new SegmentBoundaries(
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
