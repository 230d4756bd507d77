package dev.etl.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.After;
import org.junit.Test;

public class RunnerProfilesTest {
  @After
  public void clearSparkMaster() {
    System.clearProperty("spark.master");
  }

  @Test
  public void profileNamesFollowTheRunnerNames() {
    assertEquals("spark-runner", RunnerProfiles.profileName("SparkRunner"));
    assertEquals(
        "flink-runner", RunnerProfiles.profileName("org.apache.beam.runners.flink.FlinkRunner"));
    assertEquals("direct-runner", RunnerProfiles.profileName("DirectRunner"));
  }

  @Test
  public void profileDefaultsFillInWhatTheCommandLineLeavesOut() throws Exception {
    List<String> flink =
        RunnerProfiles.apply("FlinkRunner", List.of("--runner=FlinkRunner", "--parallelism=1"));
    assertThat(flink, hasItem("--flinkMaster=[local]"));
    assertThat(flink, hasItem("--parallelism=1"));
    assertThat(flink, not(hasItem("--parallelism=2")));
    assertThat(RunnerProfiles.apply("SparkRunner", List.of()), hasItem("--sparkMaster=local[2]"));
  }

  @Test
  public void underSparkSubmitTheSubmissionsMasterAndSettingsRule() throws Exception {
    System.setProperty("spark.master", "yarn");
    List<String> args = RunnerProfiles.apply("SparkRunner", List.of("--runner=SparkRunner"));
    assertThat(args, not(hasItem("--sparkMaster=local[2]")));
    assertEquals("yarn", System.getProperty("spark.master"));
    assertThat(args, hasItem("--enableSparkMetricSinks=false"));
  }
}
