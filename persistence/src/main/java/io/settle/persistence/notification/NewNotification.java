package io.settle.persistence.notification;

import java.time.Instant;
import java.util.List;

/**
 * A message for the outbox, complete: the sender needs nothing else to send it.
 *
 * @param key unique per message, decided by whoever queues it; writing the same key again does
 *     nothing
 * @param kind a {@code NotificationKind} name: PAID, PAYMENT_FAILED, REQUIRES_ACTION, …
 * @param invoiceId the invoice it is about, or null for a message about several (a pay-all receipt)
 * @param invoiceNumber the invoice's number, or null with {@code invoiceId}
 * @param recipientEmail the To address, or null when there is nobody to send it to (queued as
 *     SKIPPED, so the decision shows)
 * @param ccEmails the copies: the customer's accounts CC, the person who paid, the merchant's
 *     notification address
 * @param amount the money the message is about, in integer minor units of {@code currency}
 * @param nextRetryAt when the next automatic retry runs, or null
 * @param paymentLinkUrl where the customer pays or authenticates, or null
 * @param reason Stripe's decline or error code, or null
 * @param facts what the message says, as JSON, for its template
 */
public record NewNotification(
    String key,
    long merchantId,
    String kind,
    Long invoiceId,
    String invoiceNumber,
    long customerId,
    String recipientName,
    String recipientEmail,
    List<String> ccEmails,
    long amount,
    String currency,
    Instant nextRetryAt,
    String paymentLinkUrl,
    String stripePaymentIntentId,
    String reason,
    String facts) {

  public NewNotification {
    ccEmails = ccEmails == null ? List.of() : List.copyOf(ccEmails);
  }
}
