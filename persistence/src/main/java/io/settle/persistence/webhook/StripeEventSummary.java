package io.settle.persistence.webhook;

import java.time.LocalDateTime;

/**
 * A stored Stripe event without its payload, for operators; times are UTC.
 *
 * @param nextAttemptAt when the re-dispatcher tries it next; null when it will not (settled, DEAD)
 */
public record StripeEventSummary(
    long id,
    String stripeEventId,
    String eventType,
    StripeEventState state,
    int attempts,
    String lastError,
    Long invoiceId,
    LocalDateTime receivedAt,
    LocalDateTime nextAttemptAt) {}
