package io.settle.activities.chargerun;

import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.chargerun.ChargeRunActivities;
import io.settle.workflows.chargerun.InvoiceCharge;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.Refusal;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class ChargeRunActivitiesImpl implements ChargeRunActivities {

  private static final Logger log = LoggerFactory.getLogger(ChargeRunActivitiesImpl.class);

  private final WorkflowClient workflows;
  private final InvoiceRepository invoices;
  private final CustomerRepository customers;

  public ChargeRunActivitiesImpl(
      WorkflowClient workflows, InvoiceRepository invoices, CustomerRepository customers) {
    this.workflows = workflows;
    this.invoices = invoices;
    this.customers = customers;
  }

  @Override
  public InvoiceCharge chargeInvoice(String runId, long merchantId, long invoiceId) {
    Invoice invoice = invoices.findById(merchantId, invoiceId).orElse(null);
    if (invoice == null) {
      return InvoiceCharge.skipped(invoiceId, "no such invoice");
    }
    if (invoice.status().isTerminal() || invoice.amountDue() <= 0) {
      return InvoiceCharge.skipped(invoiceId, "nothing owed (" + invoice.status() + ")");
    }
    boolean hasMethod =
        customers
            .findById(merchantId, invoice.customerId())
            .map(customer -> customer.defaultPaymentMethodId() != null)
            .orElse(false);
    if (!hasMethod) {
      return InvoiceCharge.skipped(invoiceId, "no payment method");
    }
    try {
      AttemptView attempt =
          workflows
              .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
              .startUpdate(
                  UpdateOptions.newBuilder(AttemptView.class)
                      .setUpdateName("chargeNow")
                      .setUpdateId(WorkflowIds.chargeRunUpdate(runId, invoiceId))
                      .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                      .build(),
                  new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT))
              .getResult();
      return outcome(invoiceId, attempt);
    } catch (WorkflowUpdateException refused) {
      return refusal(invoiceId, refused);
    } catch (WorkflowNotFoundException ended) {
      return InvoiceCharge.skipped(invoiceId, "nothing owed (its run has ended)");
    }
  }

  private static InvoiceCharge outcome(long invoiceId, AttemptView attempt) {
    String intent = attempt.paymentIntentId();
    return switch (attempt.outcome()) {
      case SUCCEEDED -> new InvoiceCharge(invoiceId, InvoiceCharge.Outcome.CHARGED, null, intent);
      case DECLINED ->
          new InvoiceCharge(
              invoiceId,
              InvoiceCharge.Outcome.DECLINED,
              attempt.declineCode() != null ? attempt.declineCode() : attempt.errorCode(),
              intent);
      case PENDING, UNKNOWN ->
          new InvoiceCharge(
              invoiceId, InvoiceCharge.Outcome.PENDING, "waiting on the customer or bank", intent);
    };
  }

  /** The invoice's own rules turned the charge down: its kind says skipped or failed. */
  private static InvoiceCharge refusal(long invoiceId, WorkflowUpdateException refused) {
    if (!(refused.getCause() instanceof ApplicationFailure failure)
        || !Refusal.FAILURE_TYPE.equals(failure.getType())) {
      log.warn("charge of invoice {} failed: {}", invoiceId, refused.getMessage());
      return InvoiceCharge.failed(invoiceId, String.valueOf(refused.getCause()));
    }
    Refusal.Kind kind = failure.getDetails().get(Refusal.Kind.class);
    String reason = failure.getOriginalMessage();
    return switch (kind) {
      case BUSY, CLOSED -> InvoiceCharge.skipped(invoiceId, reason);
      case AMOUNT, UNAVAILABLE -> InvoiceCharge.failed(invoiceId, reason);
    };
  }
}
