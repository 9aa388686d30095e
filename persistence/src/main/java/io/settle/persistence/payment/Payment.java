package io.settle.persistence.payment;

import java.time.LocalDateTime;

/**
 * Money that arrived, and the attempt that took it when it came through Stripe.
 *
 * @param externalMethod for money from outside Stripe (source EXTERNAL): CHEQUE, WIRE, CASH, OTHER
 * @param externalReference the host app's reference for such money
 */
public record Payment(
    long id,
    long merchantId,
    long customerId,
    Long attemptId,
    String idempotencyKey,
    long amount,
    String currency,
    String source,
    String status,
    String stripePaymentIntentId,
    String externalMethod,
    String externalReference,
    LocalDateTime createdAt) {}
