package io.settle.notifications.outbox;

import io.settle.notifications.template.MessageFacts.PaidInvoice;
import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;
import java.util.List;

/**
 * A message someone decided to send: a workflow (through its activity), or an agent through the
 * API. {@link NotificationOutbox} adds who receives it and what it says, as things stand now.
 *
 * @param key unique per message; queuing the same key again does nothing
 * @param invoiceId the invoice it is about, or null for a pay-all receipt (see {@code invoices})
 * @param amount the money it is about, in integer minor units of the invoice's currency (or of
 *     {@code currency} when there is no invoice)
 * @param currency ISO 4217; null to take the invoice's
 * @param nextRetryAt for PAYMENT_FAILED, when the next automatic retry runs; null when none will
 * @param paymentIntentId the PaymentIntent concerned, or null
 * @param reason Stripe's decline or error code, or null
 * @param link where the customer pays or authenticates, or null
 * @param payerEmail the person who paid (the portal's user), copied; or null
 * @param invoices for a pay-all receipt, each invoice paid and its share; otherwise empty
 */
public record OutgoingNotification(
    String key,
    NotificationKind kind,
    long merchantId,
    long customerId,
    Long invoiceId,
    long amount,
    String currency,
    Instant nextRetryAt,
    String paymentIntentId,
    String reason,
    String link,
    String payerEmail,
    List<PaidInvoice> invoices) {

  public OutgoingNotification {
    if (key == null || key.isBlank() || key.length() > 255) {
      throw new IllegalArgumentException("notification keys are 1 to 255 characters: " + key);
    }
    invoices = invoices == null ? List.of() : List.copyOf(invoices);
  }
}
