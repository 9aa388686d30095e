package io.settle.persistence.notification;

import java.time.Instant;

/**
 * A message for the outbox, complete: the sender needs nothing else to send it.
 *
 * @param key unique per message, decided by the workflow; writing the same key again does nothing
 * @param kind PAID, PAYMENT_FAILED, REQUIRES_ACTION, DUNNING_EXHAUSTED
 * @param recipientEmail the customer's email, or null when the customer has none
 * @param amount the money the message is about, in integer minor units of {@code currency}
 * @param nextRetryAt when the next automatic retry runs, or null
 * @param paymentLinkUrl where the customer pays or authenticates, or null
 * @param reason Stripe's decline or error code, or null
 * @param ccEmail the merchant's address copied on the message, or null
 */
public record NewNotification(
    String key,
    long merchantId,
    String kind,
    long invoiceId,
    String invoiceNumber,
    long customerId,
    String recipientName,
    String recipientEmail,
    long amount,
    String currency,
    Instant nextRetryAt,
    String paymentLinkUrl,
    String stripePaymentIntentId,
    String reason,
    String ccEmail) {}
