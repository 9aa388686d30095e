package io.settle.stripe.gateway.events;

import java.time.Instant;

/**
 * A Stripe event's envelope, once its signature is verified: what the webhook inbox stores beside
 * the payload. What the event is about is read from the payload by {@link
 * StripeEventReader#read(String, String)}.
 *
 * @param created when Stripe made the event; the epoch when the payload has no time
 */
public record StripeEvent(
    String id, String type, String apiVersion, boolean livemode, Instant created) {}
