package io.settle.persistence.webhook;

import java.time.LocalDateTime;

/** A Stripe event as the inbox holds it; times are UTC. */
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
    LocalDateTime dispatchedAt) {}
