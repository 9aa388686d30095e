package io.settle.activities.charge;

import io.settle.stripe.gateway.GatewayException;
import io.settle.workflows.charge.ChargeFailures;
import io.temporal.failure.ApplicationFailure;

/** Gateway trouble as Temporal failures: the type names are what workflows refuse to retry. */
public final class GatewayFailures {

  private GatewayFailures() {}

  public static ApplicationFailure toActivityFailure(GatewayException e) {
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
