package io.settle.stripe.gateway.customers;

import java.util.Map;

/**
 * A Stripe customer as Settle mirrors it.
 *
 * @param defaultPaymentMethodId {@code invoice_settings.default_payment_method}: the method
 *     automatic payments use, or null when none is set
 */
public record StripeCustomer(
    String id,
    String name,
    String email,
    String defaultPaymentMethodId,
    Map<String, String> metadata) {

  public StripeCustomer {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
