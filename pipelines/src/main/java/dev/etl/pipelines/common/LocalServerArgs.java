package dev.etl.pipelines.common;

import java.nio.file.Path;
import java.util.List;

/** The {@code --dir=DIR [--port=N]} arguments of {@code ./etl local-s3} and {@code local-kafka}. */
public record LocalServerArgs(Path dir, int port) {

  /**
   * Checks and reads the arguments; any other argument, a missing {@code --dir} or a port outside
   * {@code minPort}..65535 is a {@link UserError} naming it.
   */
  public static LocalServerArgs parse(
      String command, List<String> args, int defaultPort, int minPort, String usage) {
    CommandArgs.requireKnown(command, args, List.of("dir", "port"), "\n\n" + usage);
    String dir = RunnerProfiles.valueOf(args, "dir");
    if (dir == null || dir.isBlank()) {
      throw new UserError(command + " needs --dir=DIR (see ./etl " + command + " --help)");
    }
    String portText = RunnerProfiles.valueOf(args, "port");
    int port;
    try {
      port = portText == null ? defaultPort : Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new UserError("--port must be a number, got " + portText);
    }
    if (port < minPort || port > 65535) {
      throw new UserError("--port must be between " + minPort + " and 65535, got " + port);
    }
    return new LocalServerArgs(Path.of(dir).toAbsolutePath().normalize(), port);
  }
}
