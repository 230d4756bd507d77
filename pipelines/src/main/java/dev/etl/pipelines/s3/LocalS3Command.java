package dev.etl.pipelines.s3;

import dev.etl.pipelines.common.LocalServerArgs;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./etl local-s3 --dir=DIR [--port=9000]}: a local S3 for trying the s3:// paths, until
 * stopped.
 */
public final class LocalS3Command {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl local-s3 --dir=DIR [--port=9000]",
          "",
          "Starts S3Proxy on 127.0.0.1:PORT with its filesystem store: every folder under DIR is a bucket",
          "(mkdir DIR/raw-bucket DIR/processed-bucket), every file below it an object. Runs until stopped",
          "(Ctrl-C). Development credentials: access key "
              + LocalS3.ACCESS_KEY
              + ", secret key "
              + LocalS3.SECRET_KEY
              + ".");

  private LocalS3Command() {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return 0;
    }
    LocalServerArgs parsed = LocalServerArgs.parse("local-s3", args, 9000, 1, USAGE);
    Path root = parsed.dir();
    try (LocalS3 server = LocalS3.start(root, parsed.port(), null)) {
      System.out.println(
          "local-s3: S3Proxy serving "
              + root
              + " at "
              + server.endpoint()
              + " (each folder is a bucket). Stop with Ctrl-C.");
      System.out.println("Pass these options to ./etl bank or ./etl music (the quotes matter):");
      System.out.println(
          "  --endpoint="
              + server.endpoint()
              + " --awsRegion="
              + LocalS3.REGION
              + " '--awsCredentialsProvider="
              + LocalS3.credentialsJson()
              + "'");
      System.out.flush();
      int code = server.waitFor();
      System.err.println("local-s3: S3Proxy stopped (exit code " + code + ")");
      return code == 0 ? 0 : 1;
    }
  }
}
