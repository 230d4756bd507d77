package dev.etl.pipelines.stream;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a stream until it ends; on Ctrl-C it ends the stream as --stopAfterIdle would and lets the
 * JVM exit only once the stream drained (pending timers, windows and files), up to 60 s.
 */
final class DrainOnCtrlC {
  private static final long DRAIN_SECONDS = 60;

  private DrainOnCtrlC() {}

  static PipelineResult run(Pipeline pipeline) {
    CountDownLatch drained = new CountDownLatch(1);
    Thread drainOnCtrlC =
        new Thread(
            () -> {
              EventTimePolicy.drain();
              System.err.println(
                  "bank-stream: draining (pending timers, windows and files), up to "
                      + DRAIN_SECONDS
                      + " s ...");
              try {
                drained.await(DRAIN_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(drainOnCtrlC);
    PipelineResult result;
    try {
      result = pipeline.run();
      result.waitUntilFinish();
    } finally {
      drained.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(drainOnCtrlC);
    } catch (IllegalStateException e) {
      // the JVM is shutting down (Ctrl-C): the hook has done its job
    }
    return result;
  }
}
