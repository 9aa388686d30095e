package io.settle.worker;

import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stops the workers before anything they need goes away. The Temporal starter only calls {@link
 * WorkerFactory#shutdown()}, which returns at once, and then closes the connection to Temporal, so
 * polls and tasks under way on SIGTERM died with "Channel shutdown invoked" stack traces, and an
 * activity that had just charged a card could not report it. As a lifecycle, this runs before any
 * bean is destroyed: it stops polling, lets the tasks under way finish and report (each within
 * {@link WorkerProperties#shutdownGrace()}), and only then lets the connection close.
 */
@Component
class WorkerShutdown implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);

  private final WorkerFactory workers;
  private final Duration grace;

  WorkerShutdown(WorkerFactory workers, WorkerProperties properties) {
    this.workers = workers;
    this.grace = properties.shutdownGrace();
  }

  /** The starter starts the workers once the application is ready; nothing to do here. */
  @Override
  public void start() {}

  @Override
  public void stop() {
    log.info("stopping the Temporal workers; tasks under way have {} to finish", grace);
    workers.shutdown();
    workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (!workers.isTerminated()) {
      log.warn("tasks still running after {}; stopping them now", grace);
      workers.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return workers.isStarted() && !workers.isShutdown();
  }
}
