package dev.etl.transforms.core;

/**
 * The hash bucket of a string key, for the transforms that group by a bucket of their key rather
 * than by the key (runners pay per group; see {@link DedupByKey}).
 */
public final class KeyBuckets {
  public static final int DEFAULT_BUCKETS = 256;

  private KeyBuckets() {}

  /** String.hashCode is specified, so the bucket is stable across JVMs and runners. */
  public static int bucketOf(String key, int buckets) {
    return Math.floorMod(key.hashCode(), buckets);
  }
}
