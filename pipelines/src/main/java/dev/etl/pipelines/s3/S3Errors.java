package dev.etl.pipelines.s3;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into one paragraph a user can act on, and keeps secrets out of anything
 * printed: the SDK's own messages never carry the secret key, but option values echoed by Beam's
 * option parser can ({@code --awsCredentialsProvider} JSON).
 */
public final class S3Errors {
  private static final String CREDENTIALS_HELP =
      "Credentials come from --awsCredentialsProvider (JSON, e.g. {\"@type\":\"StaticCredentialsProvider\","
          + "\"accessKeyId\":\"...\",\"secretAccessKey\":\"...\"}) or, without it, from the AWS default chain "
          + "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials with AWS_PROFILE, an instance or task role).";
  private static final Pattern SECRET_JSON =
      Pattern.compile(
          "(\"?(?:secretAccessKey|sessionToken|webIdentityToken)\"?\\s*[:=]\\s*\"?)[^\",}\\s]*");

  private S3Errors() {}

  /**
   * The explanation of the first AWS SDK failure in the cause chain, or null when there is none.
   */
  public static String explain(Throwable failure) {
    SdkException sdk = find(failure);
    return sdk == null ? null : explain(sdk, null, null);
  }

  /**
   * One paragraph for an SDK failure on {@code location} (may be null), reached through {@code
   * endpoint} (null: AWS).
   */
  static String explain(SdkException e, String location, URI endpoint) {
    String on = location == null ? "S3" : location;
    String where = endpoint == null ? "AWS S3 (no --endpoint)" : "the S3 endpoint " + endpoint;
    if (e instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      int status = service.statusCode();
      if ("NoSuchBucket".equals(code) || status == 404 && location != null) {
        return "cannot use "
            + on
            + ": the bucket does not exist at "
            + where
            + ". Create it first (for ./etl local-s3: a folder under its --dir), or fix the bucket name.";
      }
      if ("InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)
          || "InvalidClientTokenId".equals(code)
          || "ExpiredToken".equals(code)) {
        return "cannot use "
            + on
            + ": "
            + where
            + " refused the credentials ("
            + code
            + ": unknown access key, wrong secret key or expired token). "
            + CREDENTIALS_HELP;
      }
      if (status == 403) {
        return "cannot use "
            + on
            + ": access denied by "
            + where
            + " ("
            + (code == null ? "HTTP 403" : code)
            + "). The credentials were accepted but lack a permission: the job needs s3:ListBucket and "
            + "s3:GetObject on its inputs, and s3:ListBucket, s3:PutObject, s3:GetObject and s3:DeleteObject on "
            + "its output prefix (see the README, 'Running against AWS S3').";
      }
      return "cannot use "
          + on
          + ": "
          + where
          + " answered HTTP "
          + status
          + (code == null ? "" : " " + code)
          + ": "
          + redact(
              service.awsErrorDetails() == null
                  ? String.valueOf(service.getMessage())
                  : String.valueOf(service.awsErrorDetails().errorMessage()))
          + ".";
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load region")) {
      return "cannot use "
          + on
          + ": no AWS region is set. Pass --awsRegion=REGION (e.g. --awsRegion=eu-west-1; "
          + "any region for a local endpoint) or set AWS_REGION.";
    }
    if (message.contains("Unable to load credentials")) {
      return "cannot use " + on + ": no AWS credentials were found. " + CREDENTIALS_HELP;
    }
    if (e instanceof ApiCallTimeoutException) {
      return "cannot use "
          + on
          + ": "
          + where
          + " did not answer in time ("
          + redact(message)
          + "). Check --endpoint"
          + (endpoint == null ? " and the network." : ": is it an S3 server, and is it up?");
    }
    Throwable network = network(e);
    if (e instanceof SdkClientException && network != null) {
      return "cannot use "
          + on
          + ": "
          + where
          + " cannot be reached ("
          + network.getClass().getSimpleName()
          + (network.getMessage() == null ? "" : ": " + network.getMessage())
          + "). Check --endpoint and the network"
          + (endpoint == null ? "" : "; for a local server, is it running (./etl local-s3)?")
          + "";
    }
    return "cannot use " + on + ": the S3 request failed: " + redact(message);
  }

  /** Replaces secret values (credential JSON fields) by "***". */
  public static String redact(String text) {
    return text == null ? null : SECRET_JSON.matcher(text).replaceAll("$1***");
  }

  private static SdkException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SdkException sdk) {
        return sdk;
      }
    }
    return null;
  }

  private static Throwable network(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return t;
      }
    }
    return null;
  }
}
