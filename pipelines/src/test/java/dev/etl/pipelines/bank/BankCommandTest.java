package dev.etl.pipelines.bank;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import org.junit.Test;

public class BankCommandTest {
  private static final String NONE = "--storageLevel=NONE";
  private static final List<String> EMBEDDED_SPARK =
      List.of("--input=in.csv", "--output=out", "--runner=SparkRunner", "--sparkMaster=local[2]");

  @Test
  public void aFullRunOnTheEmbeddedSparkCachesNothing() {
    assertThat(BankCommand.withStorageLevelDefault(EMBEDDED_SPARK), hasItem(NONE));
    assertThat(
        BankCommand.withStorageLevelDefault(plus(EMBEDDED_SPARK, "--incremental=false")),
        hasItem(NONE));
  }

  @Test
  public void anIncrementKeepsTheRunnersCache() {
    assertThat(
        BankCommand.withStorageLevelDefault(plus(EMBEDDED_SPARK, "--incremental")),
        not(hasItem(NONE)));
    assertThat(
        BankCommand.withStorageLevelDefault(plus(EMBEDDED_SPARK, "--incremental=true")),
        not(hasItem(NONE)));
  }

  @Test
  public void aGivenStorageLevelAClusterOrAnotherRunnerIsLeftAlone() {
    List<String> given = plus(EMBEDDED_SPARK, "--storageLevel=MEMORY_AND_DISK_SER");
    assertThat(BankCommand.withStorageLevelDefault(given), not(hasItem(NONE)));
    assertThat(
        BankCommand.withStorageLevelDefault(
            List.of("--runner=SparkRunner", "--sparkMaster=spark://master:7077")),
        not(hasItem(NONE)));
    assertThat(
        BankCommand.withStorageLevelDefault(List.of("--runner=SparkRunner")), not(hasItem(NONE)));
    assertThat(
        BankCommand.withStorageLevelDefault(
            List.of("--runner=SparkStructuredStreamingRunner", "--sparkMaster=local[2]")),
        not(hasItem(NONE)));
    assertThat(
        BankCommand.withStorageLevelDefault(List.of("--runner=FlinkRunner")), not(hasItem(NONE)));
  }

  private static List<String> plus(List<String> args, String extra) {
    List<String> all = new java.util.ArrayList<>(args);
    all.add(extra);
    return all;
  }
}
