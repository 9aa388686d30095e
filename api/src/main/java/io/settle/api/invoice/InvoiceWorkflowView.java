package io.settle.api.invoice;

import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.InvoiceProblem;
import io.settle.workflows.invoice.InvoiceState;
import java.time.Instant;
import java.util.List;

/**
 * Where the invoice's payment workflow stands, and where an operator finds its run: the workflow
 * id, the current run's id, and its page in the Temporal UI when one is configured.
 */
public record InvoiceWorkflowView(
    String workflowId,
    String runId,
    String temporalUiUrl,
    InvoiceState state,
    long total,
    long amountPaid,
    List<AttemptView> attempts,
    String nextAction,
    Instant nextActionAt,
    InvoiceProblem problem) {

  static InvoiceWorkflowView of(
      String workflowId, String runId, String temporalUiUrl, InvoicePaymentStatus status) {
    return new InvoiceWorkflowView(
        workflowId,
        runId,
        temporalUiUrl,
        status.state(),
        status.total(),
        status.amountPaid(),
        status.attempts(),
        status.nextAction(),
        status.nextActionAt(),
        status.problem());
  }
}
