package io.settle.stripe.gateway.customers;

/**
 * The fields of a Stripe customer Settle changes; a null field is left as it is.
 *
 * @param defaultPaymentMethodId becomes {@code invoice_settings.default_payment_method}
 */
public record CustomerChanges(String name, String email, String defaultPaymentMethodId) {

  public static CustomerChanges defaultPaymentMethod(String paymentMethodId) {
    return new CustomerChanges(null, null, paymentMethodId);
  }

  public boolean isEmpty() {
    return name == null && email == null && defaultPaymentMethodId == null;
  }
}
