package io.settle.stripe.gateway.events;

import java.time.Instant;

/**
 * A Stripe event as the webhook inbox stores it.
 *
 * @param objectId {@code data.object.id}: the PaymentIntent, SetupIntent, … it is about
 * @param objectType {@code data.object.object}: {@code payment_intent}, …
 * @param payload the event's JSON as Stripe sent it, for the {@code stripe_event} row
 */
public record StripeEventRecord(
    String id,
    String type,
    Instant created,
    String apiVersion,
    boolean livemode,
    String objectId,
    String objectType,
    String payload) {}
