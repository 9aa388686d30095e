package io.settle.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;

/** What Temporal says of a workflow id's latest run, for callers outside workflow code. */
public final class WorkflowRuns {

  private WorkflowRuns() {}

  /** The latest run's status, or empty when Temporal has never heard of the id. */
  public static Optional<WorkflowExecutionStatus> status(WorkflowClient client, String workflowId) {
    try {
      return Optional.of(
          client
              .newUntypedWorkflowStub(workflowId)
              .describe()
              .getWorkflowExecutionInfo()
              .getStatus());
    } catch (WorkflowNotFoundException never) {
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
