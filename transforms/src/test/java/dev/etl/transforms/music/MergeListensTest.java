package dev.etl.transforms.music;

import static org.junit.Assert.assertEquals;

import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.StepResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@link MergeListens}: exact duplicates removed, repeats of a pair summed, counted,
 * order-independent.
 */
public class MergeListensTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static List<Listen> history() {
    return List.of(
        new Listen("TR1", "alice", 2),
        new Listen("TR1", "alice", 2), // exact duplicate
        new Listen("TR1", "alice", 3), // merged: 2 + 3
        new Listen("TR2", "alice", 1),
        new Listen("TR1", "bob", 4),
        new Listen("TR3", "bob", 1),
        new Listen("TR3", "bob", 1), // exact duplicate
        new Listen("TR3", "bob", 1), // exact duplicate again
        new Listen("TR9", "carol", 7));
  }

  private static List<UserListens> expected() {
    return List.of(
        new UserListens("alice", new String[] {"TR1", "TR2"}, new long[] {5, 1}, 1, 1),
        new UserListens("bob", new String[] {"TR1", "TR3"}, new long[] {4, 1}, 2, 0),
        new UserListens("carol", new String[] {"TR9"}, new long[] {7}, 0, 0));
  }

  private PCollection<UserListens> merge(List<Listen> listens, int buckets) {
    List<Outcome<Listen>> outcomes = listens.stream().map(Outcome::good).toList();
    return p.apply(Create.of(outcomes).withCoder(Outcome.coder(Listen.ListenCoder.of())))
        .apply(MergeListens.withBuckets(buckets))
        .good();
  }

  @Test
  public void mergesPerUserAndCountsDuplicatesAndMerges() {
    PCollection<UserListens> users = merge(history(), 2);
    PAssert.that(users).containsInAnyOrder(expected());
    p.run();
  }

  @Test
  public void resultDoesNotDependOnOrderOrBuckets() {
    List<Listen> shuffled = new ArrayList<>(history());
    Collections.shuffle(shuffled, new Random(7));
    PCollection<UserListens> users = merge(shuffled, 1);
    PAssert.that(users).containsInAnyOrder(expected());
    p.run();
  }

  @Test
  public void passesDeadLettersOnAndCountsLines() {
    dev.etl.transforms.core.SourceLine line =
        new dev.etl.transforms.core.SourceLine("/f.csv", 10, "TR1,u9,0");
    dev.etl.transforms.core.DeadLetter bad =
        dev.etl.transforms.core.DeadLetter.of(line, "bad_playcount", "zero");
    List<dev.etl.transforms.core.Outcome<Listen>> outcomes = new ArrayList<>();
    history().forEach(l -> outcomes.add(dev.etl.transforms.core.Outcome.good(l)));
    outcomes.add(dev.etl.transforms.core.Outcome.rejected(bad));
    StepResult<UserListens> result =
        p.apply(
                Create.of(outcomes)
                    .withCoder(dev.etl.transforms.core.Outcome.coder(Listen.ListenCoder.of())))
            .apply(MergeListens.withBuckets(3));
    PAssert.that(result.good()).containsInAnyOrder(expected());
    PAssert.that(result.rejected()).containsInAnyOrder(bad);
    PAssert.that(result.counts().apply(org.apache.beam.sdk.transforms.Sum.longsPerKey()))
        .containsInAnyOrder(org.apache.beam.sdk.values.KV.of(MergeListens.LINES_SEEN, 10L));
    p.run();
  }

  @Test
  public void emptyInputGivesNoUsers() {
    PCollection<UserListens> users = merge(List.of(), 4);
    PAssert.that(users).empty();
    p.run();
  }

  @Test
  public void accumulatorsMergeLikeOneInput() {
    MergeListens.Bucket a = new MergeListens.Bucket();
    MergeListens.Bucket b = new MergeListens.Bucket();
    List<Listen> all = history();
    for (int i = 0; i < all.size(); i++) {
      (i % 2 == 0 ? a : b).add(all.get(i));
    }
    MergeListens.Bucket merged = new MergeListens.Bucket();
    merged.addAll(a);
    merged.addAll(b);
    assertEquals(expected().get(0), MergeListens.toUser("alice", merged.users.get("alice")));
    assertEquals(expected().get(1), MergeListens.toUser("bob", merged.users.get("bob")));
  }

  @Test
  public void codersRoundTrip() throws Exception {
    for (UserListens u : expected()) {
      CoderProperties.coderDecodeEncodeEqual(UserListens.UserListensCoder.of(), u);
    }
    MergeListens.Bucket bucket = new MergeListens.Bucket();
    history().forEach(bucket::add);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    MergeListens.BucketCoder.INSTANCE.encode(bucket, bytes);
    MergeListens.Bucket decoded =
        MergeListens.BucketCoder.INSTANCE.decode(
            new java.io.ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(expected().get(0), MergeListens.toUser("alice", decoded.users.get("alice")));
    assertEquals(expected().get(1), MergeListens.toUser("bob", decoded.users.get("bob")));
  }
}
