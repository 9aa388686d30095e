package io.settle.api.customer;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.customer.CustomerMappingInput;
import io.settle.workflows.customer.CustomerMappingView;
import io.settle.workflows.customer.CustomerMappingWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowTargetOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * The API's side of the customer mapping workflow: start a merchant's run (or find the one
 * running), and ask how a run stands. A run is named by its first run id, which stays the same when
 * it continues as new.
 */
@Component
class CustomerMappingRuns {

  private static final Set<Status.Code> NO_SUCH_RUN =
      Set.of(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);

  /** An ended run's result comes at once; only a run still going makes getResult wait. */
  private static final Duration RESULT_WAIT = Duration.ofSeconds(2);

  private final WorkflowClient client;
  private final CustomerMappingProperties properties;

  CustomerMappingRuns(WorkflowClient client, CustomerMappingProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  /** Starts the merchant's mapping run, or answers the one already running. */
  CustomerMappingView start(long merchantId) {
    String workflowId = WorkflowIds.customerMapping(merchantId);
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.CUSTOMERS)
            // One run per merchant at a time; once it has ended, a new request is a new run.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setStaticSummary("Map customers to Stripe by name · merchant " + merchantId)
            .build();
    WorkflowClient.start(
        client.newWorkflowStub(CustomerMappingWorkflow.class, options)::run,
        CustomerMappingInput.start(
            merchantId, properties.pageSize(), properties.pauseBetweenPages()));
    // The run's own answer names it by its first run id, also when the one found had continued
    // as new.
    return latest(workflowId);
  }

  /** The run of the merchant's named {@code runId}, or empty when it has none by that id. */
  Optional<CustomerMappingView> find(long merchantId, String runId) {
    if (!isRunId(runId)) {
      return Optional.empty();
    }
    String workflowId = WorkflowIds.customerMapping(merchantId);
    try {
      CustomerMappingView latest = latest(workflowId);
      if (latest.runId().equals(runId)) {
        return Optional.of(latest);
      }
      // Not the latest run's name: either a run that has ended before the latest began (its
      // result is kept, and getResult follows it through continue-as-new to the end), or a later
      // run id of the latest's own chain, which is still going: then the latest is its answer.
      try {
        return Optional.of(
            client
                .newUntypedWorkflowStub(
                    WorkflowTargetOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setRunId(runId)
                        .build())
                .getResult(
                    RESULT_WAIT.toMillis(), TimeUnit.MILLISECONDS, CustomerMappingView.class));
      } catch (TimeoutException stillRunning) {
        return Optional.of(latest);
      }
    } catch (WorkflowNotFoundException none) {
      return Optional.empty();
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException status
          && NO_SUCH_RUN.contains(status.getStatus().getCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // Temporal's run ids are UUIDs; anything else names no run, and is not sent to Temporal.
  private static boolean isRunId(String text) {
    try {
      return text.length() == 36 && UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException notUuid) {
      return false;
    }
  }

  private CustomerMappingView latest(String workflowId) {
    return client.newWorkflowStub(CustomerMappingWorkflow.class, workflowId).status();
  }
}
