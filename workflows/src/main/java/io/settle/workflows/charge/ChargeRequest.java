package io.settle.workflows.charge;

/**
 * One off-session charge of a saved payment method, as the gateway needs it. The idempotency key is
 * decided by the workflow and goes to Stripe unchanged, so a retried activity can never make a
 * second PaymentIntent.
 */
public record ChargeRequest(
    String idempotencyKey,
    long merchantId,
    long invoiceId,
    int attemptNumber,
    long amount,
    String currency,
    String stripeCustomerId,
    String paymentMethodId,
    String description) {}
