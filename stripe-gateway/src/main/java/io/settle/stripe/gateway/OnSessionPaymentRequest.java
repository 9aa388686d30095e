package io.settle.stripe.gateway;

import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.util.List;
import java.util.Set;

/**
 * A payment the customer completes in the browser (portal, agent entering new details): the
 * PaymentIntent is created but not confirmed, and its client secret goes to Stripe.js.
 *
 * @param invoiceIds the invoices this one payment settles (several for pay-all-outstanding)
 * @param allowedTypes the merchant's allowed types; ACH is dropped for other currencies than USD
 * @param saveForAutomaticPayments keep the method on the customer for later off-session charges
 * @param batchId the customer payment (pay-all, portal) this one is, written as {@code
 *     settle_batch_id} so its webhooks reach the workflow that waits for it; null for none
 */
public record OnSessionPaymentRequest(
    String idempotencyKey,
    long merchantId,
    List<Long> invoiceIds,
    long amount,
    String currency,
    String stripeCustomerId,
    Set<PaymentMethodType> allowedTypes,
    boolean saveForAutomaticPayments,
    String description,
    String batchId) {

  public OnSessionPaymentRequest {
    invoiceIds = List.copyOf(invoiceIds);
    allowedTypes = Set.copyOf(allowedTypes);
    if (invoiceIds.isEmpty()) {
      throw new IllegalArgumentException("a payment settles at least one invoice");
    }
  }
}
