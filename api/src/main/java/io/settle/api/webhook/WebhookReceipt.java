package io.settle.api.webhook;

import io.settle.persistence.webhook.StripeEventState;

/**
 * The inbox's answer to Stripe (which reads only the status code) and to anyone debugging it.
 *
 * @param duplicate whether the event had been received before, and so nothing was done now
 * @param state where the event stands in the inbox
 */
public record WebhookReceipt(String eventId, boolean duplicate, StripeEventState state) {}
