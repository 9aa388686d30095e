package io.settle.activities.charge;

import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.StripePaymentGateway;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.temporal.failure.ApplicationFailure;
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
      ChargeResult result = gateway.charge(request);
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
              .resolve(request, paymentIntentIdOnRecord)
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
      ChargeResult result = gateway.retrieve(merchantId, paymentIntentId);
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

  /** Gateway trouble as Temporal failures: the type names are what workflows refuse to retry. */
  static final class GatewayFailures {

    private GatewayFailures() {}

    static ApplicationFailure toActivityFailure(GatewayException e) {
      String type =
          switch (e.kind()) {
            case RETRYABLE -> ChargeFailures.STRIPE_UNAVAILABLE;
            case AUTHENTICATION -> ChargeFailures.STRIPE_AUTHENTICATION;
            case PERMISSION -> ChargeFailures.STRIPE_PERMISSION;
            case INVALID_REQUEST -> ChargeFailures.STRIPE_INVALID_REQUEST;
            case IDEMPOTENCY_CONFLICT -> ChargeFailures.STRIPE_IDEMPOTENCY_CONFLICT;
            case DECLINED -> ChargeFailures.STRIPE_DECLINED;
            case OUTCOME_UNKNOWN -> ChargeFailures.STRIPE_OUTCOME_UNKNOWN;
          };
      String message =
          e.getMessage()
              + " (code="
              + e.code()
              + ", request="
              + e.requestId()
              + ", http="
              + e.httpStatus()
              + ")";
      var details = new ChargeFailures.Details(e.code(), e.requestId(), e.httpStatus());
      return e.kind().retryable()
          ? ApplicationFailure.newFailure(message, type, details)
          : ApplicationFailure.newNonRetryableFailure(message, type, details);
    }
  }
}
