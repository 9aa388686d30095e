package io.settle.activities.invoice;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.Refusal;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * How an activity asks an invoice's workflow to pay, under an update id its own workflow chose: a
 * retried activity sends the same id and is answered by the same update, never a second charge. For
 * the charge runs and the customers' balance runs.
 */
@Component
public class InvoiceUpdates {

  private final WorkflowClient workflows;

  public InvoiceUpdates(WorkflowClient workflows) {
    this.workflows = workflows;
  }

  /** The invoice's {@code chargeNow}, waited for to its outcome. */
  public AttemptView chargeNow(long invoiceId, String updateId, ChargeNow request) {
    return send(invoiceId, "chargeNow", updateId, AttemptView.class, request);
  }

  /** The invoice's {@code applyCredit}, waited for to where the invoice stands after it. */
  public InvoicePaymentStatus applyCredit(long invoiceId, String updateId, String reason) {
    return send(invoiceId, "applyCredit", updateId, InvoicePaymentStatus.class, reason);
  }

  /**
   * The invoice's own rules turned the update down: their refusal, with its kind and reason; empty
   * for any other failure, which the caller treats as its activity's failure.
   */
  public static Optional<ApplicationFailure> refusal(WorkflowUpdateException refused) {
    return refused.getCause() instanceof ApplicationFailure failure
            && Refusal.FAILURE_TYPE.equals(failure.getType())
        ? Optional.of(failure)
        : Optional.empty();
  }

  private <R> R send(
      long invoiceId, String update, String updateId, Class<R> result, Object argument) {
    return workflows
        .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
        .startUpdate(
            UpdateOptions.newBuilder(result)
                .setUpdateName(update)
                .setUpdateId(updateId)
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            argument)
        .getResult();
  }
}
