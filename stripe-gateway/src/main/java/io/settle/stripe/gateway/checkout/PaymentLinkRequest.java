package io.settle.stripe.gateway.checkout;

import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.time.Instant;
import java.util.Set;

/**
 * A Stripe Checkout page for one invoice's payment link, made when the customer opens the link.
 *
 * @param amount what is due now, in minor units; zero means there is nothing to pay
 * @param stripeCustomerId the invoice's customer at Stripe, or null to let Checkout ask
 * @param batchId the customer payment the page is, written as {@code settle_batch_id} on the
 *     session and its PaymentIntent; null for none
 * @param expiresAt when the page stops taking payments (Stripe: 30 minutes to 24 hours from now);
 *     null for Stripe's 24 hours
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
    String cancelUrl,
    String batchId,
    Instant expiresAt) {

  public PaymentLinkRequest {
    allowedTypes = Set.copyOf(allowedTypes);
  }
}
