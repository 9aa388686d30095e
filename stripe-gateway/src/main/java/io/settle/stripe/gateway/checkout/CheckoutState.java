package io.settle.stripe.gateway.checkout;

/**
 * Where a Checkout Session stands.
 *
 * @param status {@code open}, {@code complete} or {@code expired}
 * @param paymentStatus {@code paid}, {@code unpaid} (a bank debit still processing, or nothing
 *     paid) or {@code no_payment_required}
 * @param paymentIntentId the PaymentIntent the page made, once the customer tried to pay
 */
public record CheckoutState(
    String sessionId, String status, String paymentStatus, String paymentIntentId) {}
