package io.settle.stripe.gateway;

import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import java.util.Locale;

/** The Stripe adapter behind Settle's payment operations. Every write carries Settle's key. */
public class StripePaymentGateway {

  private final StripeClients clients;

  public StripePaymentGateway(StripeClients clients) {
    this.clients = clients;
  }

  /**
   * Checks a secret key against Stripe before it is stored, by reading the account's balance (which
   * any valid secret or restricted key with balance read can do).
   *
   * @throws GatewayException of kind AUTHENTICATION for a wrong key
   */
  public void verifySecretKey(String secretKey) {
    try {
      clients.forKey(secretKey).v1().balance().retrieve();
    } catch (StripeException e) {
      throw PaymentOutcomes.failure(e);
    }
  }

  /**
   * Creates and confirms an off-session PaymentIntent for a saved payment method. Stripe's own
   * automatic retries are not involved: a decline comes back as a DECLINED result, and Settle's
   * dunning schedule decides what follows.
   */
  public ChargeResult charge(ChargeRequest request) {
    PaymentIntentCreateParams params =
        PaymentIntentCreateParams.builder()
            .setAmount(request.amount())
            .setCurrency(request.currency().toLowerCase(Locale.ROOT))
            .setCustomer(request.stripeCustomerId())
            .setPaymentMethod(request.paymentMethodId())
            .setConfirm(true)
            .setOffSession(true)
            // Off-session means no customer is there to follow a redirect: never offer one.
            .setAutomaticPaymentMethods(
                PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                    .setEnabled(true)
                    .setAllowRedirects(
                        PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                    .build())
            .setDescription(request.description())
            .putMetadata("settle_merchant_id", Long.toString(request.merchantId()))
            .putMetadata("settle_invoice_id", Long.toString(request.invoiceId()))
            .putMetadata("settle_attempt", Integer.toString(request.attemptNumber()))
            .putMetadata("settle_idempotency_key", request.idempotencyKey())
            .build();
    RequestOptions options =
        RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build();
    try {
      PaymentIntent intent =
          clients.forMerchant(request.merchantId()).v1().paymentIntents().create(params, options);
      return PaymentOutcomes.of(intent);
    } catch (StripeException e) {
      return PaymentOutcomes.of(e);
    }
  }
}
