package io.settle.persistence.customer;

import java.time.LocalDateTime;

/**
 * A merchant's customer and its mapping to a Stripe customer ({@code cus_…}).
 *
 * @param customerKey the customer's stable random key ({@code cust_…}), unlike the id never given
 *     again after a database reset: Stripe idempotency keys for the customer are built on it
 * @param email the customer's accounts email: payment emails go to it
 * @param ccEmail the customer's accounts CC address, copied on its payment emails, or null
 */
public record Customer(
    long id,
    long merchantId,
    String customerKey,
    String name,
    String email,
    String stripeCustomerId,
    String defaultPaymentMethodId,
    LocalDateTime createdAt,
    String ccEmail) {

  /** A customer with no accounts CC address. */
  public Customer(
      long id,
      long merchantId,
      String customerKey,
      String name,
      String email,
      String stripeCustomerId,
      String defaultPaymentMethodId,
      LocalDateTime createdAt) {
    this(
        id,
        merchantId,
        customerKey,
        name,
        email,
        stripeCustomerId,
        defaultPaymentMethodId,
        createdAt,
        null);
  }
}
