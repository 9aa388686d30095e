package io.settle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while an activity is under way (say, one that has just charged a card): the worker stops
 * polling, waits for the activity, and its result reaches Temporal before the connection closes.
 * Uses Temporal's in-memory test server: what is tested is the worker's own stop order.
 */
class WorkerShutdownTest {

  private static final String QUEUE = "shutdown-test";
  private static final CountDownLatch activityStarted = new CountDownLatch(1);
  private static final CountDownLatch activityMayFinish = new CountDownLatch(1);

  private final TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void closeTemporal() {
    temporal.close();
  }

  @Test
  void anActivityUnderWayFinishesAndReportsBeforeTheWorkerStops() throws Exception {
    WorkerFactory workers = temporal.getWorkerFactory();
    Worker worker = workers.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(OneCallImpl.class);
    worker.registerActivitiesImplementations(new SlowCallImpl());
    temporal.start();
    WorkflowClient client = temporal.getWorkflowClient();
    OneCall workflow =
        client.newWorkflowStub(
            OneCall.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("one-call").build());
    WorkflowClient.start(workflow::run);
    assertThat(activityStarted.await(30, TimeUnit.SECONDS)).isTrue();

    WorkerShutdown shutdown =
        new WorkerShutdown(workers, new WorkerProperties(Duration.ofMinutes(1)));
    assertThat(shutdown.isRunning()).isTrue();
    Thread stopping = new Thread(shutdown::stop, "sigterm");
    stopping.start();
    // Not a measure of speed: however long it is given, stop must still be waiting.
    stopping.join(Duration.ofSeconds(1));
    assertThat(workers.isShutdown()).as("no new tasks are polled").isTrue();
    assertThat(stopping.isAlive()).as("stop waits for the activity under way").isTrue();

    activityMayFinish.countDown();
    stopping.join();

    assertThat(workers.isTerminated()).isTrue();
    assertThat(shutdown.isRunning()).isFalse();
    assertThat(
            client.fetchHistory("one-call").getEvents().stream().map(event -> event.getEventType()))
        .as("the activity's result reached Temporal")
        .contains(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  }

  @WorkflowInterface
  public interface OneCall {
    @WorkflowMethod
    String run();
  }

  public static class OneCallImpl implements OneCall {
    @Override
    public String run() {
      return Workflow.newActivityStub(
              SlowCall.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build())
          .call();
    }
  }

  @ActivityInterface
  public interface SlowCall {
    String call();
  }

  static class SlowCallImpl implements SlowCall {
    @Override
    public String call() {
      activityStarted.countDown();
      try {
        activityMayFinish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return "charged";
    }
  }
}
