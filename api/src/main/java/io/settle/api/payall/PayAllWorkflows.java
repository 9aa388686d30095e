package io.settle.api.payall;

import io.settle.workflows.TaskQueues;
import io.settle.workflows.payall.PayAllInput;
import io.settle.workflows.payall.PayAllView;
import io.settle.workflows.payall.PayAllWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * The API's side of the pay-all coordinator: start a customer's payment and wait until it is made,
 * refused or waiting on the customer; ask how it stands.
 */
@org.springframework.stereotype.Component
class PayAllWorkflows {

  private final WorkflowClient client;

  PayAllWorkflows(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Starts the payment under {@code workflowId}, or joins the one running under it (a payment
   * link's second opening), and answers once it has started.
   */
  PayAllView startAndWait(String workflowId, PayAllInput input, String summary) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.INVOICE_PAYMENTS)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setStaticSummary(summary)
            .build();
    PayAllWorkflow workflow = client.newWorkflowStub(PayAllWorkflow.class, options);
    WorkflowClient.start(workflow::run, input);
    return client.newWorkflowStub(PayAllWorkflow.class, workflowId).started();
  }

  /**
   * @throws io.temporal.client.WorkflowNotFoundException for no such payment
   */
  PayAllView status(String workflowId) {
    return client.newWorkflowStub(PayAllWorkflow.class, workflowId).status();
  }
}
