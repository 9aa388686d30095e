package io.settle.persistence.customer;

import java.time.LocalDateTime;

/** A merchant's customer and its mapping to a Stripe customer ({@code cus_…}). */
public record Customer(
    long id,
    long merchantId,
    String name,
    String email,
    String stripeCustomerId,
    String defaultPaymentMethodId,
    LocalDateTime createdAt) {}
