package io.settle.system.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * P4's baseline: a workflow that does nothing but run as many no-op activities as a paid invoice's
 * run does (its local ones as local activities), on the same Temporal server, so the ratio shows
 * what Settle's own work costs on top of Temporal's.
 */
@WorkflowInterface
public interface BareWorkflow {

  String TASK_QUEUE = "bench-bare";

  @WorkflowMethod
  void run(int activities, int localActivities);

  /** The activity that does nothing. */
  @ActivityInterface
  interface Nothing {
    void nothing();
  }

  final class NothingImpl implements Nothing {
    @Override
    public void nothing() {}
  }

  /** As a paid invoice orders them: a local write, the remote calls, then the other local ones. */
  final class Impl implements BareWorkflow {

    private final Nothing remote =
        Workflow.newActivityStub(
            Nothing.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    private final Nothing local =
        Workflow.newLocalActivityStub(
            Nothing.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .build());

    @Override
    public void run(int activities, int localActivities) {
      int locals = localActivities;
      if (locals > 0) {
        local.nothing();
        locals--;
      }
      for (int i = 0; i < activities; i++) {
        remote.nothing();
      }
      for (int i = 0; i < locals; i++) {
        local.nothing();
      }
    }
  }
}
