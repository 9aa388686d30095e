package io.settle.workflows.invoice;

import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * Starts an invoice's payment workflow, or finds the one already running: the one way in, for the
 * API's new invoices and a recurring template's alike.
 */
public final class InvoiceWorkflowStart {

  private InvoiceWorkflowStart() {}

  /**
   * The ID comes from the invoice id, so calling this again after a crash, a retried request or a
   * retried activity never makes a second run; a closed run is never started again.
   *
   * @return true when the run is running (started now, or found running); false when the invoice's
   *     run had already closed
   */
  public static boolean start(WorkflowClient client, InvoicePaymentInput input) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.invoicePayment(input.invoiceId()))
            .setTaskQueue(TaskQueues.INVOICE_PAYMENTS)
            // An invoice has one lifecycle: a closed run is never started again by accident.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            // Set here, so the run upserts only what later changes.
            .setTypedSearchAttributes(InvoiceSearchAttributes.atStart(input))
            .setStaticSummary(
                InvoiceSummaries.of(
                    input.invoiceNumber(), input.total(), input.currency(), input.customerName()))
            .build();
    InvoicePaymentWorkflow workflow = client.newWorkflowStub(InvoicePaymentWorkflow.class, options);
    try {
      WorkflowClient.start(workflow::run, input);
      return true;
    } catch (WorkflowExecutionAlreadyStarted closedAlready) {
      // The invoice's lifecycle already ran to its end; nothing to start.
      return false;
    }
  }
}
