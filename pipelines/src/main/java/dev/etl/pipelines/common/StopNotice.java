package dev.etl.pipelines.common;

/**
 * One line on stderr when the JVM is stopped (SIGTERM, Ctrl-C) while a job run holds its output:
 * what was published and what is left. It removes nothing: Beam's workers may still be writing, and
 * the next run into the output takes the lock over and removes the staging (or finishes a commit
 * from its journal), as {@link LocalCommit} does after a kill -9.
 */
final class StopNotice implements AutoCloseable {
  private final Thread hook;
  private volatile boolean committing;

  private StopNotice(String job, StagedOutput staged) {
    hook =
        new Thread(
            () ->
                System.err.println(
                    committing
                        ? "etl: stopped while publishing run "
                            + staged.runId()
                            + " into "
                            + staged.root()
                            + "; the next ./etl "
                            + job
                            + " run into it finishes that commit first (readers refuse it until"
                            + " then)"
                        : "etl: stopped before run "
                            + staged.runId()
                            + " ended: nothing of it was published, "
                            + staged.root()
                            + " keeps its previous result, and the next ./etl "
                            + job
                            + " run into it removes "
                            + staged.staged("")
                            + " and takes over its lock"));
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static StopNotice register(String job, StagedOutput staged) {
    return new StopNotice(job, staged);
  }

  void committing() {
    committing = true;
  }

  /** The run ended by itself: no notice. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already stopping: the hook runs
    }
  }
}
