package dev.etl.transforms.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class KeyBucketsTest {
  @Test
  public void bucketsAreStableAndInRange() {
    // String.hashCode is specified: "T1" hashes to 84 * 31 + 49 = 2653, and 2653 mod 256 = 93
    assertEquals(93, KeyBuckets.bucketOf("T1", 256));
    assertEquals(0, KeyBuckets.bucketOf("anything", 1));
    // a negative hash still gives a bucket in [0, buckets)
    assertTrue("polygenelubricants".hashCode() < 0);
    for (int n : new int[] {1, 2, 3, 7, 256}) {
      for (String key : new String[] {"", "T1", "polygenelubricants", "Zoë", "C1234567"}) {
        int bucket = KeyBuckets.bucketOf(key, n);
        assertTrue(key + " in " + n + " buckets: " + bucket, bucket >= 0 && bucket < n);
      }
    }
  }
}
