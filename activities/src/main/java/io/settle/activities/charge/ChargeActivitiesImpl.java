package io.settle.activities.charge;

import io.settle.stripe.gateway.ChargeLookup;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.OffSessionCharge;
import io.settle.stripe.gateway.StripePaymentGateway;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class ChargeActivitiesImpl implements ChargeActivities {

  private static final Logger log = LoggerFactory.getLogger(ChargeActivitiesImpl.class);

  private final StripePaymentGateway gateway;

  public ChargeActivitiesImpl(StripePaymentGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public ChargeResult charge(ChargeRequest request) {
    try {
      ChargeResult result = GatewayResults.toChargeResult(gateway.charge(offSession(request)));
      log.info(
          "charge {} for invoice {}: {} {}",
          request.idempotencyKey(),
          request.invoiceId(),
          result.outcome(),
          result.paymentIntentId());
      return result;
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  @Override
  public ChargeResult resolve(ChargeRequest request, String paymentIntentIdOnRecord) {
    try {
      ChargeResult result =
          gateway
              .resolve(
                  new ChargeLookup(
                      request.idempotencyKey(),
                      request.merchantId(),
                      request.stripeCustomerId(),
                      paymentIntentIdOnRecord))
              .map(GatewayResults::toChargeResult)
              .orElseGet(
                  () ->
                      ChargeResult.notMade(
                          "Stripe holds no PaymentIntent made under this attempt's key;"
                              + " nothing was charged."));
      log.info(
          "resolved charge {} for invoice {}: {} {}",
          request.idempotencyKey(),
          request.invoiceId(),
          result.outcome(),
          result.paymentIntentId());
      return result;
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  @Override
  public ChargeResult retrieve(long merchantId, String paymentIntentId) {
    try {
      ChargeResult result =
          GatewayResults.toChargeResult(gateway.retrieve(merchantId, paymentIntentId));
      log.info(
          "payment intent {} of merchant {}: {} ({})",
          paymentIntentId,
          merchantId,
          result.outcome(),
          result.status());
      return result;
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  private static OffSessionCharge offSession(ChargeRequest request) {
    return new OffSessionCharge(
        request.idempotencyKey(),
        request.merchantId(),
        request.amount(),
        request.currency(),
        request.stripeCustomerId(),
        request.paymentMethodId(),
        request.description(),
        new OffSessionCharge.InvoiceAttempt(request.invoiceId(), request.attemptNumber()),
        request.receiptEmail());
  }
}
