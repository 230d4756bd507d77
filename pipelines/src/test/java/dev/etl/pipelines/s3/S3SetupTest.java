package dev.etl.pipelines.s3;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.etl.pipelines.bank.BankOptions;
import java.net.URI;
import java.util.List;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The pieces of the S3 set-up that need no server. */
public class S3SetupTest {
  @Test
  public void ourClientFactoryIsTheDefaultButAnExplicitChoiceWins() {
    BankOptions options =
        PipelineOptionsFactory.fromArgs("--output=s3://b/out").as(BankOptions.class);
    S3Setup.configure(options);
    assertEquals(S3CompatibleClientBuilderFactory.class, options.getS3ClientFactoryClass());
    BankOptions chosen =
        PipelineOptionsFactory.fromArgs(
                "--s3ClientFactoryClass=" + DefaultS3ClientBuilderFactory.class.getName())
            .as(BankOptions.class);
    S3Setup.configure(chosen);
    assertEquals(DefaultS3ClientBuilderFactory.class, chosen.getS3ClientFactoryClass());
  }

  @Test
  public void rawArgumentsKeepOnlyTheAwsOptions() {
    S3Options options =
        S3Setup.configure(
                List.of(
                    "--input=s3://raw/x.csv",
                    "--endpoint=http://127.0.0.1:9",
                    "--awsRegion=eu-west-1",
                    "--sparkMaster=local[2]"))
            .as(S3Options.class);
    assertEquals(URI.create("http://127.0.0.1:9"), options.getEndpoint());
    assertEquals(Region.EU_WEST_1, options.getAwsRegion());
    assertEquals(S3CompatibleClientBuilderFactory.class, options.getS3ClientFactoryClass());
  }

  @Test
  public void withoutAnEndpointTheClientIsBeamsDefault() {
    S3Options options =
        PipelineOptionsFactory.fromArgs("--awsRegion=eu-west-1").as(S3Options.class);
    S3ClientBuilder builder = new S3CompatibleClientBuilderFactory().createBuilder(options);
    assertTrue(builder.overrideConfiguration().executionInterceptors().isEmpty());
    options.setEndpoint(URI.create("http://127.0.0.1:9"));
    builder = new S3CompatibleClientBuilderFactory().createBuilder(options);
    assertEquals(1, builder.overrideConfiguration().executionInterceptors().size());
  }

  @Test
  public void theBucketKeyHeaderIsDroppedOnlyWhenFalse() {
    S3CompatibleClientBuilderFactory.DropBucketKeyFalse interceptor =
        new S3CompatibleClientBuilderFactory.DropBucketKeyFalse();
    String header = S3CompatibleClientBuilderFactory.BUCKET_KEY_HEADER;
    assertEquals(
        List.of(),
        interceptor
            .modifyHttpRequest(context(request(header, "false")), new ExecutionAttributes())
            .headers()
            .getOrDefault(header, List.of()));
    assertEquals(
        List.of("true"),
        interceptor
            .modifyHttpRequest(context(request(header, "true")), new ExecutionAttributes())
            .headers()
            .get(header));
    assertEquals(
        List.of("x"),
        interceptor
            .modifyHttpRequest(context(request("x-other", "x")), new ExecutionAttributes())
            .headers()
            .get("x-other"));
  }

  @Test
  public void accessDeniedNamesThePermissionsTheJobNeeds() {
    // S3Proxy has no IAM, so the 403 of a missing permission is built here as AWS S3 answers it
    S3Exception denied =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("AccessDenied")
                        .errorMessage("Access Denied")
                        .build())
                .build();
    String message = S3Errors.explain(denied, "s3://processed/bank", null);
    assertEquals(
        "cannot use s3://processed/bank: access denied by AWS S3 (no --endpoint) (AccessDenied). The credentials were "
            + "accepted but lack a permission: the job needs s3:ListBucket and s3:GetObject on its inputs, and "
            + "s3:ListBucket, s3:PutObject, s3:GetObject and s3:DeleteObject on its output prefix (see the README, "
            + "'Running against AWS S3').",
        message);
    assertEquals(
        message.replace("s3://processed/bank", "S3"),
        S3Errors.explain(new RuntimeException(new java.io.IOException(denied))));
    assertNull(S3Errors.explain(new RuntimeException("not S3")));
  }

  @Test
  public void secretsAreRedacted() {
    assertEquals(
        "{\"accessKeyId\":\"AKIA1\",\"secretAccessKey\":\"***\",\"sessionToken\":\"***\"}",
        S3Errors.redact(
            "{\"accessKeyId\":\"AKIA1\",\"secretAccessKey\":\"s3cr/et+X\",\"sessionToken\":\"tok\"}"));
    assertEquals(
        "{\"secretAccessKey\" : \"***\"}", S3Errors.redact("{\"secretAccessKey\" : \"abc\"}"));
    assertEquals("plain text", S3Errors.redact("plain text"));
  }

  @Test
  public void locationsAreSplitIntoBucketAndPrefixBeforeTheFirstWildcard() {
    assertEquals(
        new S3Setup.S3Location("raw", "bank/bank_"),
        S3Setup.S3Location.parse("s3://raw/bank/bank_*.csv"));
    assertEquals(
        new S3Setup.S3Location("raw", "a/b.csv"), S3Setup.S3Location.parse("s3://raw/a/b.csv"));
    assertEquals(new S3Setup.S3Location("raw", ""), S3Setup.S3Location.parse("s3://raw"));
    assertNull(S3Setup.S3Location.parse("/tmp/raw/a.csv"));
  }

  private static SdkHttpRequest request(String header, String value) {
    return SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:9/bucket/key?uploads"))
        .putHeader(header, value)
        .build();
  }

  private static Context.ModifyHttpRequest context(SdkHttpRequest request) {
    return new Context.ModifyHttpRequest() {
      @Override
      public SdkHttpRequest httpRequest() {
        return request;
      }

      @Override
      public java.util.Optional<software.amazon.awssdk.core.sync.RequestBody> requestBody() {
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<software.amazon.awssdk.core.async.AsyncRequestBody>
          asyncRequestBody() {
        return java.util.Optional.empty();
      }

      @Override
      public SdkRequest request() {
        return null;
      }
    };
  }
}
