package io.settle.persistence.webhook;

import java.time.Instant;

/**
 * A verified Stripe event to store.
 *
 * @param stripeCreatedAt Stripe's {@code created}
 * @param payload the body exactly as Stripe sent it
 * @param invoiceId {@code data.object.metadata.settle_invoice_id}, or null
 * @param state {@link StripeEventState#RECEIVED} to dispatch, or {@link StripeEventState#IGNORED}
 * @param note why it is ignored, or null
 */
public record NewStripeEvent(
    long merchantId,
    String stripeEventId,
    String type,
    String apiVersion,
    boolean livemode,
    Instant stripeCreatedAt,
    String payload,
    Long invoiceId,
    StripeEventState state,
    String note,
    Instant receivedAt) {}
