package io.settle.api.invoice;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.balance.CustomerBalances;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoicePaymentInput;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceWorkflowStart;
import io.temporal.client.WorkflowClient;
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
    InvoiceWorkflowStart.start(client, input);
  }

  /** A new invoice of a merchant that takes bank transfers: see {@link CustomerBalances}. */
  void cashBalanceMayPay(long customerId, String invoiceNumber, String currency) {
    CustomerBalances.invoiceOwed(client, customerId, invoiceNumber, currency);
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
