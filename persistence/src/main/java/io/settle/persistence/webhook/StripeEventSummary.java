package io.settle.persistence.webhook;

import java.time.LocalDateTime;

/** A stored Stripe event without its payload, for operators; {@code receivedAt} is UTC. */
public record StripeEventSummary(
    long id,
    String stripeEventId,
    String eventType,
    StripeEventState state,
    int attempts,
    String lastError,
    Long invoiceId,
    LocalDateTime receivedAt) {}
