package io.settle.stripe.gateway.events;

import java.time.Instant;

/**
 * A Stripe event's envelope, once its signature is verified: what the webhook inbox stores beside
 * the payload, and what the event is about, read in the same pass (as {@link
 * StripeEventReader#read(String, String)} reads it from a stored payload).
 *
 * @param created when Stripe made the event; the epoch when the payload has no time
 */
public record StripeEvent(
    String id,
    String type,
    String apiVersion,
    boolean livemode,
    Instant created,
    StripeEventObject object) {}
