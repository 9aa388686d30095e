package io.settle.api.invoice;

import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoicePaymentInput;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceSummaries;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.springframework.stereotype.Component;

/**
 * The API's side of the invoice payment workflow: start it once, ask it how it stands, and pass it
 * what people decide (charge now, money received, a change, a void).
 */
@Component
class InvoiceWorkflows {

  private final WorkflowClient client;
  private final TemporalUiProperties temporalUi;

  InvoiceWorkflows(WorkflowClient client, TemporalUiProperties temporalUi) {
    this.client = client;
    this.temporalUi = temporalUi;
  }

  /**
   * Starts the invoice's workflow, or finds the one already running: the ID comes from the invoice
   * id, so calling this again after a crash or a retried request never makes a second.
   */
  void start(InvoicePaymentInput input) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.invoicePayment(input.invoiceId()))
            .setTaskQueue(TaskQueues.INVOICE_PAYMENTS)
            // An invoice has one lifecycle: a closed run is never started again by accident.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setStaticSummary(
                InvoiceSummaries.of(
                    input.invoiceNumber(), input.total(), input.currency(), input.customerName()))
            .build();
    InvoicePaymentWorkflow workflow = client.newWorkflowStub(InvoicePaymentWorkflow.class, options);
    try {
      WorkflowClient.start(workflow::run, input);
    } catch (WorkflowExecutionAlreadyStarted closedAlready) {
      // The invoice's lifecycle already ran to its end; nothing to start.
    }
  }

  /** The status, with where operators find the current run. */
  InvoiceWorkflowView view(long invoiceId) {
    InvoicePaymentStatus status = status(invoiceId);
    String workflowId = WorkflowIds.invoicePayment(invoiceId);
    String runId = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    return InvoiceWorkflowView.of(
        workflowId,
        runId,
        temporalUi.runPage(client.getOptions().getNamespace(), workflowId, runId),
        status);
  }

  InvoicePaymentStatus status(long invoiceId) {
    return workflow(invoiceId).status();
  }

  /**
   * Charges now and waits for the attempt's outcome.
   *
   * @throws io.temporal.client.WorkflowUpdateException when the workflow refuses the charge
   * @throws io.temporal.client.WorkflowNotFoundException when the invoice's run has ended
   */
  AttemptView chargeNow(long invoiceId, ChargeNow request) {
    return workflow(invoiceId).chargeNow(request);
  }

  /**
   * Records money that came outside Stripe, once per reference, and waits for the record.
   *
   * @throws io.temporal.client.WorkflowUpdateException when the workflow refuses it
   * @throws io.temporal.client.WorkflowNotFoundException when the invoice's run has ended
   */
  void recordExternalPayment(long invoiceId, ExternalPayment payment) {
    workflow(invoiceId).recordExternalPayment(payment);
  }

  void invoiceChanged(long invoiceId, InvoiceChange change) {
    workflow(invoiceId).invoiceChanged(change);
  }

  void voidInvoice(long invoiceId, String reason) {
    workflow(invoiceId).voidInvoice(reason);
  }

  private InvoicePaymentWorkflow workflow(long invoiceId) {
    return client.newWorkflowStub(
        InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId));
  }
}
