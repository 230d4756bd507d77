package dev.etl.pipelines.s3;

import static dev.etl.pipelines.s3.S3TestSupport.etl;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** ./etl local-s3's argument checks (the server itself runs in the other S3 tests). */
public class LocalS3CommandTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  @Test
  public void helpNamesTheDevelopmentCredentials() {
    S3TestSupport.Run run = etl("local-s3", "--help");
    assertEquals(0, run.exitCode());
    assertThat(run.out(), containsString(LocalS3.ACCESS_KEY));
    assertThat(run.out(), containsString(LocalS3.SECRET_KEY));
  }

  @Test
  public void needsADirAndAValidPort() throws Exception {
    S3TestSupport.Run run = etl("local-s3");
    assertEquals(2, run.exitCode());
    assertThat(run.err(), containsString("error: local-s3 needs --dir=DIR"));
    String dir = "--dir=" + TMP.newFolder();
    assertThat(
        etl("local-s3", dir, "--port=http").err(),
        containsString("error: --port must be a number, got http"));
    assertThat(
        etl("local-s3", dir, "--port=70000").err(),
        containsString("error: --port must be between 1 and 65535"));
    assertThat(
        etl("local-s3", dir, "--dri=x").err(),
        containsString("error: unknown option --dri; did you mean --dir?"));
  }

  @Test
  public void aTakenPortIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      S3TestSupport.Run run =
          etl("local-s3", "--dir=" + TMP.newFolder(), "--port=" + taken.getLocalPort());
      assertEquals(2, run.exitCode());
      assertThat(
          run.err(),
          containsString(
              "error: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"));
    }
  }
}
