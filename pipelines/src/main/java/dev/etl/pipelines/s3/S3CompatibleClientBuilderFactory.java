package dev.etl.pipelines.s3;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client, plus two settings for S3-compatible stores (S3Proxy, MinIO, Ceph) that Beam
 * 2.62 does not offer. Both apply only when {@code --endpoint} is set; against AWS S3 without an
 * endpoint the client is exactly Beam's default.
 *
 * <ul>
 *   <li>Path-style addressing ({@code http://host/bucket/key}): a local endpoint has no DNS name
 *       per bucket. AWS S3 itself still accepts path-style requests.
 *   <li>Beam always sends {@code x-amz-server-side-encryption-bucket-key-enabled} when it starts a
 *       multipart upload (every file write), {@code false} unless {@code --bucketKeyEnabled};
 *       S3Proxy answers 501 Not Implemented to any request carrying it. The header is dropped only
 *       when it says {@code false}: the object then gets the bucket's default, which on a store
 *       without bucket keys is the same thing. {@code --bucketKeyEnabled=true} is still sent as
 *       asked.
 * </ul>
 *
 * The default of {@code --s3ClientFactoryClass} for this project's jobs (see {@link S3Setup}).
 */
public class S3CompatibleClientBuilderFactory implements S3ClientBuilderFactory {
  static final String BUCKET_KEY_HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientBuilder builder = new DefaultS3ClientBuilderFactory().createBuilder(options);
    if (options.getEndpoint() == null) {
      return builder;
    }
    ClientOverrideConfiguration current = builder.overrideConfiguration();
    ClientOverrideConfiguration.Builder override =
        current == null ? ClientOverrideConfiguration.builder() : current.toBuilder();
    return builder
        .forcePathStyle(true)
        .overrideConfiguration(override.addExecutionInterceptor(new DropBucketKeyFalse()).build());
  }

  /** Removes {@value #BUCKET_KEY_HEADER}: false from outgoing requests. */
  static final class DropBucketKeyFalse implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      boolean sentFalse =
          request
              .firstMatchingHeader(BUCKET_KEY_HEADER)
              .map("false"::equalsIgnoreCase)
              .orElse(false);
      return sentFalse ? request.toBuilder().removeHeader(BUCKET_KEY_HEADER).build() : request;
    }
  }
}
