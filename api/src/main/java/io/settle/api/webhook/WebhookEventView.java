package io.settle.api.webhook;

import io.settle.persistence.webhook.StripeEventState;
import java.time.Instant;

/** A stored Stripe event as operators see it: where it stands, not what it says. */
public record WebhookEventView(
    long id,
    String stripeEventId,
    String type,
    StripeEventState state,
    int attempts,
    String lastError,
    Long invoiceId,
    Instant receivedAt) {}
