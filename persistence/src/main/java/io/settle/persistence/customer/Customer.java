package io.settle.persistence.customer;

import java.time.LocalDateTime;

/**
 * A merchant's customer and its mapping to a Stripe customer ({@code cus_…}).
 *
 * @param customerKey the customer's stable random key ({@code cust_…}), unlike the id never given
 *     again after a database reset: Stripe idempotency keys for the customer are built on it
 */
public record Customer(
    long id,
    long merchantId,
    String customerKey,
    String name,
    String email,
    String stripeCustomerId,
    String defaultPaymentMethodId,
    LocalDateTime createdAt) {}
