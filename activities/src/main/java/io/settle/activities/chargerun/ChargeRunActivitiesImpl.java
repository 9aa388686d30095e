package io.settle.activities.chargerun;

import io.settle.activities.invoice.InvoiceUpdates;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.event.HostEvents;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.chargerun.ChargeRunActivities;
import io.settle.workflows.chargerun.ChargeRunInput;
import io.settle.workflows.chargerun.ChargeRunResponse;
import io.settle.workflows.chargerun.InvoiceCharge;
import io.settle.workflows.chargerun.InvoiceCharge.Reason;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.Refusal;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

@Component
public class ChargeRunActivitiesImpl implements ChargeRunActivities {

  private static final Logger log = LoggerFactory.getLogger(ChargeRunActivitiesImpl.class);

  private final InvoiceUpdates updates;
  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final HostEvents events;
  private final TransactionTemplate transaction;

  public ChargeRunActivitiesImpl(
      InvoiceUpdates updates,
      InvoiceRepository invoices,
      CustomerRepository customers,
      HostEvents events,
      TransactionTemplate transaction) {
    this.updates = updates;
    this.invoices = invoices;
    this.customers = customers;
    this.events = events;
    this.transaction = transaction;
  }

  @Override
  public void reportCompleted(long merchantId, ChargeRunResponse report) {
    transaction.executeWithoutResult(
        status -> events.chargeRunCompleted(merchantId, report.id(), report));
  }

  @Override
  public InvoiceCharge chargeInvoice(String runId, long merchantId, long invoiceId) {
    Invoice invoice = invoices.findById(merchantId, invoiceId).orElse(null);
    if (invoice == null) {
      return InvoiceCharge.skipped(invoiceId, Reason.NOTHING_OWED, "no such invoice");
    }
    if (invoice.status().isTerminal() || invoice.amountDue() <= 0) {
      return InvoiceCharge.skipped(
          invoiceId, Reason.NOTHING_OWED, "nothing owed (" + invoice.status() + ")");
    }
    // The row shows what the invoice's workflow last said; the workflow itself still refuses a
    // second charge if the row is behind.
    if (invoice.status() == InvoiceStatus.REQUIRES_ACTION) {
      return InvoiceCharge.skipped(
          invoiceId,
          Reason.WAITING_ON_CUSTOMER,
          "a payment waits for the customer to authenticate");
    }
    if (invoice.status() == InvoiceStatus.PROCESSING) {
      return InvoiceCharge.skipped(
          invoiceId, Reason.PAYMENT_PENDING, "a payment is processing at the bank");
    }
    boolean hasMethod =
        customers
            .findById(merchantId, invoice.customerId())
            .map(customer -> customer.defaultPaymentMethodId() != null)
            .orElse(false);
    if (!hasMethod) {
      return InvoiceCharge.skipped(invoiceId, Reason.NO_PAYMENT_METHOD, "no auto-pay method");
    }
    try {
      AttemptView attempt =
          updates.chargeNow(
              invoiceId,
              WorkflowIds.chargeRunUpdate(runId, invoiceId),
              new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT));
      return outcome(invoiceId, attempt);
    } catch (WorkflowUpdateException refused) {
      return refusal(invoiceId, refused);
    } catch (WorkflowNotFoundException ended) {
      return InvoiceCharge.skipped(
          invoiceId, Reason.NOTHING_OWED, "nothing owed (its run has ended)");
    }
  }

  @Override
  public List<Long> selectDailyCollection(long merchantId, LocalDate asOf) {
    return invoices.dailyCollectionIds(merchantId, asOf, ChargeRunInput.MOST_INVOICES);
  }

  private static InvoiceCharge outcome(long invoiceId, AttemptView attempt) {
    String intent = attempt.paymentIntentId();
    return switch (attempt.outcome()) {
      case SUCCEEDED ->
          new InvoiceCharge(invoiceId, InvoiceCharge.Outcome.CHARGED, null, null, intent);
      case DECLINED ->
          new InvoiceCharge(
              invoiceId,
              InvoiceCharge.Outcome.DECLINED,
              Reason.DECLINED,
              attempt.declineCode() != null ? attempt.declineCode() : attempt.errorCode(),
              intent);
      case PENDING, UNKNOWN ->
          new InvoiceCharge(
              invoiceId,
              InvoiceCharge.Outcome.PENDING,
              null,
              "waiting on the customer or bank",
              intent);
    };
  }

  /** The invoice's own rules turned the charge down: its kind says skipped or failed. */
  private static InvoiceCharge refusal(long invoiceId, WorkflowUpdateException refused) {
    ApplicationFailure failure = InvoiceUpdates.refusal(refused).orElse(null);
    if (failure == null) {
      log.warn("charge of invoice {} failed: {}", invoiceId, refused.getMessage());
      return InvoiceCharge.failed(invoiceId, Reason.ERROR, String.valueOf(refused.getCause()));
    }
    Refusal.Kind kind = failure.getDetails().get(Refusal.Kind.class);
    String reason = failure.getOriginalMessage();
    return switch (kind) {
      case BUSY -> InvoiceCharge.skipped(invoiceId, Reason.PAYMENT_PENDING, reason);
      case CLOSED -> InvoiceCharge.skipped(invoiceId, Reason.NOTHING_OWED, reason);
      case AMOUNT, UNAVAILABLE -> InvoiceCharge.failed(invoiceId, Reason.REFUSED, reason);
    };
  }
}
