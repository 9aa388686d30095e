package io.settle.stripe.gateway;

/**
 * What is known of a charge whose answer was lost, for {@link StripePaymentGateway#resolve}.
 *
 * @param idempotencyKey the key the charge was made under, found in the PaymentIntent's metadata
 * @param stripeCustomerId whose PaymentIntents to look through when search lags; null for none
 * @param paymentIntentIdOnRecord the id stored with the attempt, or null when there is none
 */
public record ChargeLookup(
    String idempotencyKey,
    long merchantId,
    String stripeCustomerId,
    String paymentIntentIdOnRecord) {}
