package io.settle.persistence.webhook;

import java.time.LocalDateTime;

/**
 * A Stripe event as the inbox holds it; times are UTC.
 *
 * @param attempts how often handing it over was tried
 * @param nextAttemptAt when the re-dispatcher may take it next; null once it is settled (or DEAD)
 */
public record StoredStripeEvent(
    long id,
    long merchantId,
    String stripeEventId,
    String eventType,
    String apiVersion,
    boolean livemode,
    LocalDateTime stripeCreatedAt,
    String payload,
    Long invoiceId,
    StripeEventState state,
    int attempts,
    String lastError,
    LocalDateTime receivedAt,
    LocalDateTime dispatchedAt,
    LocalDateTime nextAttemptAt) {}
