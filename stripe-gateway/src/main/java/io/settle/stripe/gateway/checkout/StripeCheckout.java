package io.settle.stripe.gateway.checkout;

import io.settle.stripe.gateway.SettleMetadata;
import io.settle.stripe.gateway.SettleRules;
import io.settle.stripe.gateway.StripeCalls;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Stripe-hosted Checkout pages, for payment links. */
public class StripeCheckout {

  private final StripeCalls calls;

  public StripeCheckout(StripeCalls calls) {
    this.calls = calls;
  }

  /**
   * A Checkout Session in payment mode for the invoice, carrying Settle's metadata on the session
   * and on the PaymentIntent it makes (so webhooks for either lead back to the invoice).
   *
   * @return empty for a zero total: there is nothing to pay, and Stripe is not asked
   */
  public Optional<CheckoutLink> paymentLink(PaymentLinkRequest request) {
    if (request.amount() == 0) {
      return Optional.empty();
    }
    String currency = SettleRules.chargeable(request.amount(), request.currency());
    Set<PaymentMethodType> offered = SettleRules.offered(request.allowedTypes(), currency);
    String merchant = Long.toString(request.merchantId());
    String invoice = Long.toString(request.invoiceId());
    var params =
        com.stripe.param.checkout.SessionCreateParams.builder()
            .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(request.successUrl())
            .setCancelUrl(request.cancelUrl())
            .setClientReferenceId(invoice)
            .addLineItem(
                com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(currency)
                            .setUnitAmount(request.amount())
                            .setProductData(
                                com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData
                                    .ProductData.builder()
                                    .setName("Invoice " + request.invoiceNumber())
                                    .build())
                            .build())
                    .build())
            .putMetadata(SettleMetadata.MERCHANT_ID, merchant)
            .putMetadata(SettleMetadata.INVOICE_ID, invoice)
            .putMetadata(SettleMetadata.IDEMPOTENCY_KEY, request.idempotencyKey());
    var intentData =
        com.stripe.param.checkout.SessionCreateParams.PaymentIntentData.builder()
            .putMetadata(SettleMetadata.MERCHANT_ID, merchant)
            .putMetadata(SettleMetadata.INVOICE_ID, invoice)
            .putMetadata(SettleMetadata.IDEMPOTENCY_KEY, request.idempotencyKey());
    if (request.batchId() != null) {
      params.putMetadata(SettleMetadata.BATCH_ID, request.batchId());
      intentData.putMetadata(SettleMetadata.BATCH_ID, request.batchId());
    }
    params.setPaymentIntentData(intentData.build());
    if (request.expiresAt() != null) {
      params.setExpiresAt(request.expiresAt().getEpochSecond());
    }
    offered.forEach(type -> params.addPaymentMethodType(checkoutType(type)));
    if (request.stripeCustomerId() != null) {
      params.setCustomer(request.stripeCustomerId());
    }
    com.stripe.model.checkout.Session session =
        calls.write(
            request.merchantId(),
            "create checkout session",
            request.idempotencyKey(),
            (stripe, options) -> stripe.v1().checkout().sessions().create(params.build(), options));
    return Optional.of(
        new CheckoutLink(
            session.getId(),
            session.getUrl(),
            session.getExpiresAt() == null ? null : Instant.ofEpochSecond(session.getExpiresAt())));
  }

  /**
   * Closes an open Checkout page so it can take no payment; a page already paid stays as it is.
   * Answers with the session's state either way.
   */
  public CheckoutState expire(long merchantId, String idempotencyKey, String sessionId) {
    com.stripe.model.checkout.Session session =
        calls.read(
            merchantId,
            "retrieve checkout session",
            stripe -> stripe.v1().checkout().sessions().retrieve(sessionId));
    if ("open".equals(session.getStatus())) {
      session =
          calls.write(
              merchantId,
              "expire checkout session",
              idempotencyKey,
              (stripe, options) ->
                  stripe
                      .v1()
                      .checkout()
                      .sessions()
                      .expire(
                          sessionId,
                          com.stripe.param.checkout.SessionExpireParams.builder().build(),
                          options));
    }
    return new CheckoutState(
        session.getId(),
        session.getStatus(),
        session.getPaymentStatus(),
        session.getPaymentIntent());
  }

  private static com.stripe.param.checkout.SessionCreateParams.PaymentMethodType checkoutType(
      PaymentMethodType type) {
    return switch (type) {
      case CARD -> com.stripe.param.checkout.SessionCreateParams.PaymentMethodType.CARD;
      case US_BANK_ACCOUNT ->
          com.stripe.param.checkout.SessionCreateParams.PaymentMethodType.US_BANK_ACCOUNT;
    };
  }
}
