package io.settle.api.webhook;

import io.settle.persistence.webhook.StripeEventState;
import java.time.Instant;

/**
 * A stored Stripe event as operators see it: where it stands, not what it says.
 *
 * @param attempts how often handing it over was tried
 * @param nextAttemptAt when it is tried again; null once it is settled or DEAD
 */
public record WebhookEventView(
    long id,
    String stripeEventId,
    String type,
    StripeEventState state,
    int attempts,
    String lastError,
    Long invoiceId,
    Instant receivedAt,
    Instant nextAttemptAt) {}
