package dev.etl.pipelines.s3;

import dev.etl.pipelines.common.UserError;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Makes {@code s3://} work for the jobs: our client factory by default (path-style and the header
 * fix for S3-compatible endpoints), FileSystems set up with the job's own options (before anything
 * matches or opens a file), and a quick check of every S3 location before the pipeline starts, so a
 * wrong endpoint, bucket or key fails in seconds with one clear message instead of deep in a run.
 */
public final class S3Setup {
  /**
   * The pre-flight listing's whole time limit, retries included. Listing one key takes well under a
   * second; without a limit an endpoint that accepts connections but never answers holds the job
   * for the SDK's 30 s read timeout times four attempts, per call.
   */
  static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(15);

  private S3Setup() {}

  /**
   * Applies our S3 client factory unless the user chose one, and registers the options with
   * FileSystems.
   */
  public static <T extends PipelineOptions> T configure(T options) {
    S3Options s3 = options.as(S3Options.class);
    if (s3.getS3ClientFactoryClass() == DefaultS3ClientBuilderFactory.class
        && !given(options, "s3ClientFactoryClass")) {
      s3.setS3ClientFactoryClass(S3CompatibleClientBuilderFactory.class);
    }
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /** Whether an option was set explicitly: Beam's display data of options lists only those. */
  private static boolean given(PipelineOptions options, String name) {
    return org.apache.beam.sdk.transforms.display.DisplayData.from(options).items().stream()
        .anyMatch(item -> item.getKey().equals(name));
  }

  /**
   * The same from raw command-line arguments, for steps that run before the job's options are
   * parsed (the runner choice measures the input): only the AWS and S3 options are read here.
   */
  public static PipelineOptions configure(List<String> args) {
    Set<String> known = new java.util.HashSet<>();
    for (java.lang.reflect.Method method : S3Options.class.getMethods()) {
      String name = method.getName();
      if (method.getParameterCount() == 0 && (name.startsWith("get") || name.startsWith("is"))) {
        known.add(
            java.beans.Introspector.decapitalize(name.substring(name.startsWith("get") ? 3 : 2)));
      }
    }
    String[] s3Args =
        args.stream()
            .filter(a -> a.startsWith("--") && known.contains(a.substring(2).split("=", 2)[0]))
            .toArray(String[]::new);
    return configure(PipelineOptionsFactory.fromArgs(s3Args).create());
  }

  /**
   * Lists (at most one key) under each distinct S3 bucket and prefix among the locations: proves
   * the endpoint answers, the bucket exists and the credentials are accepted. Local paths are
   * skipped. Configures the options first ({@link #configure(PipelineOptions)}), S3 or not.
   */
  public static void preflight(PipelineOptions options, List<String> locations) {
    S3Options s3 = configure(options).as(S3Options.class);
    Set<S3Location> targets = new LinkedHashSet<>();
    for (String location : locations) {
      S3Location parsed = S3Location.parse(location);
      if (parsed != null) {
        targets.add(parsed);
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    S3Location current = targets.iterator().next();
    S3ClientBuilder builder = factory(s3).createBuilder(s3);
    ClientOverrideConfiguration override = builder.overrideConfiguration();
    builder.overrideConfiguration(
        (override == null ? ClientOverrideConfiguration.builder() : override.toBuilder())
            .apiCallTimeout(PREFLIGHT_TIMEOUT)
            .build());
    try (S3Client client = builder.build()) {
      for (S3Location target : targets) {
        current = target;
        client.listObjectsV2(
            ListObjectsV2Request.builder()
                .bucket(target.bucket())
                .prefix(target.prefix())
                .maxKeys(1)
                .build());
      }
    } catch (SdkException e) {
      throw new UserError(
          S3Errors.explain(
              e, "s3://" + current.bucket() + "/" + current.prefix(), s3.getEndpoint()),
          e);
    }
  }

  private static S3ClientBuilderFactory factory(S3Options s3) {
    try {
      return s3.getS3ClientFactoryClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new UserError(
          "--s3ClientFactoryClass "
              + s3.getS3ClientFactoryClass().getName()
              + " cannot be created: "
              + e);
    }
  }

  /** Bucket and key prefix (up to the first wildcard) of an {@code s3://} path or glob. */
  record S3Location(String bucket, String prefix) {
    static S3Location parse(String location) {
      if (!location.startsWith("s3://")) {
        return null;
      }
      String rest = location.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      int wildcard = indexOfAny(key, "*?[{");
      return new S3Location(bucket, wildcard < 0 ? key : key.substring(0, wildcard));
    }

    private static int indexOfAny(String text, String chars) {
      for (int i = 0; i < text.length(); i++) {
        if (chars.indexOf(text.charAt(i)) >= 0) {
          return i;
        }
      }
      return -1;
    }
  }
}
