package io.settle.activities.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.persistence.event.HostEventType;
import io.settle.persistence.event.HostEvents;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.notify.Notification;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

  /** Credit spent is money counted once already, when the payment that left it arrived. */
  static final String CREDIT_SOURCE = "CREDIT";

  private final InvoiceRepository invoices;
  private final PaymentRepository payments;
  private final HostEvents events;
  private final MeterRegistry meters;

  InvoiceEvents(
      InvoiceRepository invoices,
      PaymentRepository payments,
      HostEvents events,
      ObjectProvider<MeterRegistry> meters) {
    this.invoices = invoices;
    this.payments = payments;
    this.events = events;
    // Every app has one; a test's slice of the context may not.
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
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

  /**
   * {@code payment.succeeded}, inside the transaction that records the payment; and, once that
   * transaction commits, the money in {@code
   * settle_payments_collected_minor_units_total{currency,source}} (minor units; credit spent is not
   * counted again). Every recorded payment passes here once: a retried activity finds its payment
   * recorded and does not call this.
   */
  public void paymentRecorded(long merchantId, long paymentId) {
    events.paymentSucceeded(merchantId, paymentId);
    payments
        .findById(merchantId, paymentId)
        .filter(payment -> !CREDIT_SOURCE.equals(payment.source()))
        .ifPresent(
            payment ->
                afterCommit(
                    () ->
                        Counter.builder("settle.payments.collected")
                            .description("Money recorded as paid, in the currency's minor units")
                            .baseUnit("minor_units")
                            .tag("currency", payment.currency())
                            .tag("source", payment.source())
                            .register(meters)
                            .increment(payment.amount())));
  }

  /**
   * {@code settle_payment_attempts_total{outcome}}: an attempt's outcome, counted once the
   * transaction that records it commits, and only when the attempt did not show that outcome
   * already (so a retried activity, or a processing payment that was waiting on the customer, is
   * not counted twice). Counted here rather than in the workflow: a workflow's own metrics are
   * emitted again when its task is retried (a webhook's signal arriving while the run completes
   * makes Temporal reject the completion, and the task runs again), which counted payments twice.
   */
  public void attemptAnswered(PaymentOutcome outcome) {
    afterCommit(
        () ->
            Counter.builder("settle.payment.attempts")
                .description("Payment attempts by the outcome Stripe gave them")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment());
  }

  private static void afterCommit(Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      action.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }
}
