package io.settle.stripe.gateway.setup;

import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.util.Set;

/**
 * Saving a payment method with the customer present, for later automatic payments.
 *
 * @param currency the currency the method will pay in: ACH is offered only for USD
 */
public record SetupRequest(
    String idempotencyKey,
    long merchantId,
    String stripeCustomerId,
    Set<PaymentMethodType> allowedTypes,
    String currency) {

  public SetupRequest {
    allowedTypes = Set.copyOf(allowedTypes);
  }
}
