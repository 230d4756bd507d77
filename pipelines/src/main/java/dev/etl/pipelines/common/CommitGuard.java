package dev.etl.pipelines.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a reader (query, report, catalog) checks before it reads a local job output: no commit is
 * half done. A journal {@code _COMMIT.json} means a run stopped between its table moves (or is in
 * the milliseconds of one), so the tables may come from two runs. The reader refuses rather than
 * finishing the commit itself: readers stay read-only (they may run without write access to a
 * processed zone), and only a run holding the output's lock may move its tables.
 */
public final class CommitGuard {
  private CommitGuard() {}

  /** A {@link UserError} if the local output {@code dir} holds an unfinished commit. */
  public static void requireFinished(String job, Path dir) {
    if (Files.exists(dir.resolve(LocalCommit.JOURNAL_FILE))) {
      throw new UserError(
          dir
              + " holds an unfinished commit (its "
              + LocalCommit.JOURNAL_FILE
              + " journal is there), so its tables may mix two runs: if a run is publishing"
              + " there, wait for it to end; otherwise the next ./etl "
              + job
              + " run with --output="
              + dir
              + " finishes that commit before it starts");
    }
  }
}
