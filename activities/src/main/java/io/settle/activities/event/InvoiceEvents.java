package io.settle.activities.event;

import io.settle.persistence.event.HostEventType;
import io.settle.persistence.event.HostEvents;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.notify.Notification;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which host-app events a published invoice state means. Called inside the transaction that shows
 * the state and queues its notifications, after both, so the events commit with them.
 *
 * <p>The notifications the workflow decided name the moments (a failed charge, a 3-D Secure wait),
 * each under its own key; the invoice row as it now stands names where it ended (paid, partly paid,
 * void, uncollectible), once per invoice (partly paid: once per amount paid), however often the
 * same state is published again.
 */
@Component
public class InvoiceEvents {

  private final InvoiceRepository invoices;
  private final HostEvents events;

  InvoiceEvents(InvoiceRepository invoices, HostEvents events) {
    this.invoices = invoices;
    this.events = events;
  }

  public void invoiceShown(long invoiceId, InvoiceState state, List<Notification> notifications) {
    Invoice invoice = invoices.findById(invoiceId).orElseThrow();
    for (Notification notification : notifications) {
      HostEventType type =
          switch (notification.kind()) {
            case PAYMENT_FAILED -> HostEventType.INVOICE_PAYMENT_FAILED;
            case REQUIRES_ACTION -> HostEventType.INVOICE_REQUIRES_ACTION;
            default -> null;
          };
      if (type != null) {
        events.invoice(invoice, type, type.wireName() + ":" + notification.key());
      }
    }
    switch (invoice.status()) {
      case PAID -> events.invoice(invoice, HostEventType.INVOICE_PAID, "invoice.paid");
      case PARTIALLY_PAID ->
          events.invoice(
              invoice,
              HostEventType.INVOICE_PARTIALLY_PAID,
              "invoice.partially_paid:" + invoice.amountPaid());
      case VOID -> events.invoice(invoice, HostEventType.INVOICE_VOIDED, "invoice.voided");
      case UNCOLLECTIBLE ->
          events.invoice(invoice, HostEventType.INVOICE_UNCOLLECTIBLE, "invoice.uncollectible");
      default -> {}
    }
  }

  /** {@code payment.succeeded}, inside the transaction that records the payment. */
  public void paymentRecorded(long merchantId, long paymentId) {
    events.paymentSucceeded(merchantId, paymentId);
  }
}
