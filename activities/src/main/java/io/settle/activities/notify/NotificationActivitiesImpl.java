package io.settle.activities.notify;

import io.settle.activities.ledger.LedgerFailures;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.outbox.OutgoingNotification;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationActivities;
import io.settle.workflows.notify.NotificationKind;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes the workflow's notifications to the outbox, complete with the recipients as the records
 * have them now, so the mail relay never asks anyone. One row per key: a retried activity writes
 * nothing twice.
 */
@Component
public class NotificationActivitiesImpl implements NotificationActivities {

  /** A notification without a key cannot be written exactly once. */
  public static final String INVALID_NOTIFICATION = "InvalidNotification";

  private final InvoiceRepository invoices;
  private final NotificationOutbox outbox;
  private final NotificationProperties properties;

  public NotificationActivitiesImpl(
      InvoiceRepository invoices, NotificationOutbox outbox, NotificationProperties properties) {
    this.invoices = invoices;
    this.outbox = outbox;
    this.properties = properties;
  }

  @Override
  public void notify(Notification notification) {
    if (notification.key() == null
        || notification.key().isBlank()
        || notification.key().length() > 255) {
      throw ApplicationFailure.newNonRetryableFailure(
          "notification keys are 1 to 255 characters: " + notification.key(), INVALID_NOTIFICATION);
    }
    Invoice invoice =
        invoices
            .findById(notification.invoiceId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no invoice " + notification.invoiceId(),
                        LedgerFailures.INVOICE_NOT_FOUND));
    try {
      outbox.queue(
          new OutgoingNotification(
              notification.key(),
              notification.kind(),
              invoice.merchantId(),
              invoice.customerId(),
              invoice.id(),
              notification.amount(),
              invoice.currency(),
              notification.nextRetryAt(),
              notification.paymentIntentId(),
              notification.reason(),
              needsLink(notification.kind()) ? properties.paymentLink(invoice.invoiceKey()) : null,
              null,
              List.of()));
    } catch (NotificationOutbox.NotFound missing) {
      throw ApplicationFailure.newNonRetryableFailure(
          missing.getMessage(), LedgerFailures.CUSTOMER_NOT_FOUND);
    }
  }

  // The customer must act: pay another way, or authenticate the payment.
  private static boolean needsLink(NotificationKind kind) {
    return switch (kind) {
      case REQUIRES_ACTION, PAYMENT_FAILED, PAYMENT_LINK, DUNNING_EXHAUSTED -> true;
      case PAID, MERCHANT_STRIPE_ACCESS, PAYMENT_PROCESSING, PAY_ALL_RECEIPT -> false;
    };
  }
}
