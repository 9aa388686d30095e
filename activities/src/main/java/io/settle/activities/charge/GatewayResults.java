package io.settle.activities.charge;

import io.settle.stripe.gateway.PaymentResult;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;

/** The gateway's answers as the workflows' records: the one mapping between the two. */
public final class GatewayResults {

  private GatewayResults() {}

  public static ChargeResult toChargeResult(PaymentResult result) {
    PaymentOutcome outcome =
        switch (result.outcome()) {
          case SUCCEEDED -> PaymentOutcome.SUCCEEDED;
          case DECLINED -> PaymentOutcome.DECLINED;
          case PENDING -> PaymentOutcome.PENDING;
          case UNKNOWN -> PaymentOutcome.UNKNOWN;
        };
    return new ChargeResult(
        outcome,
        result.paymentIntentId(),
        result.status(),
        result.amountReceived(),
        result.errorCode(),
        result.declineCode(),
        result.message());
  }
}
