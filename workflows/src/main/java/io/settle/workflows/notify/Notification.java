package io.settle.workflows.notify;

import java.time.Instant;

/**
 * One message to send about an invoice, decided by its workflow. The activity writes it to the
 * outbox once per {@code key}, with everything the sender will need (recipient, invoice number,
 * amounts, link), so sending never has to ask the workflow again.
 *
 * @param key unique per event, decided in the workflow (invoice key + kind + attempt), so a retried
 *     activity cannot write two rows
 * @param amount the amount the message is about (paid, failed, due), in integer minor units
 * @param nextRetryAt for PAYMENT_FAILED, when the next automatic retry runs; null when none will
 * @param paymentIntentId the PaymentIntent concerned, when there is one
 * @param reason Stripe's decline code or error code, for PAYMENT_FAILED
 */
public record Notification(
    String key,
    long invoiceId,
    NotificationKind kind,
    long amount,
    Instant nextRetryAt,
    String paymentIntentId,
    String reason) {}
