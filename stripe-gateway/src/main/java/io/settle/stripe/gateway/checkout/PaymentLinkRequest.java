package io.settle.stripe.gateway.checkout;

import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.util.Set;

/**
 * A Stripe Checkout page for one invoice's payment link, made when the customer opens the link.
 *
 * @param amount what is due now, in minor units; zero means there is nothing to pay
 * @param stripeCustomerId the invoice's customer at Stripe, or null to let Checkout ask
 */
public record PaymentLinkRequest(
    String idempotencyKey,
    long merchantId,
    long invoiceId,
    String invoiceNumber,
    long amount,
    String currency,
    String stripeCustomerId,
    Set<PaymentMethodType> allowedTypes,
    String successUrl,
    String cancelUrl) {

  public PaymentLinkRequest {
    allowedTypes = Set.copyOf(allowedTypes);
  }
}
