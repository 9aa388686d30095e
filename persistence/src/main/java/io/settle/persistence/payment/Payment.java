package io.settle.persistence.payment;

import java.time.LocalDateTime;

/** Money that arrived, and the attempt that took it when it came through Stripe. */
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
    LocalDateTime createdAt) {}
