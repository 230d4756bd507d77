package dev.etl.pipelines.common;

import java.util.Collection;
import java.util.List;

/** The argument check shared by the non-job commands (query, report, replay, local-s3/kafka). */
public final class CommandArgs {
  private CommandArgs() {}

  /**
   * Every argument must be {@code --name=value} for one of {@code names}; the first that is not is
   * a {@link UserError}: "{@code command} does not know {@code arg}", then {@code hint}.
   */
  public static void requireKnown(
      String command, List<String> args, Collection<String> names, String hint) {
    for (String arg : args) {
      if (names.stream().noneMatch(name -> arg.startsWith("--" + name + "="))) {
        throw new UserError(command + " does not know " + arg + hint);
      }
    }
  }
}
