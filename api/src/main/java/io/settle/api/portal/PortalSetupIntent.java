package io.settle.api.portal;

import java.util.List;

/**
 * A SetupIntent for the customer to complete with Stripe.js; the client secret is meant for the
 * customer's browser, which is why it is shown here and nowhere else.
 *
 * @param paymentMethodTypes what may be saved: the merchant's types, ACH only for USD
 * @param publishableKey the merchant's Stripe publishable key, for Stripe.js
 */
public record PortalSetupIntent(
    String setupIntentId,
    String clientSecret,
    String status,
    List<String> paymentMethodTypes,
    String publishableKey) {

  @Override
  public String toString() {
    return "PortalSetupIntent[setupIntentId=" + setupIntentId + ", clientSecret=****]";
  }
}
