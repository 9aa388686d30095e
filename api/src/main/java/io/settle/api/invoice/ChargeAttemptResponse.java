package io.settle.api.invoice;

import io.settle.workflows.invoice.AttemptView;

/**
 * The attempt a charge-now made, as the workflow answered it.
 *
 * @param outcome SUCCEEDED, DECLINED, PENDING (processing at the bank, or waiting on the customer)
 *     or UNKNOWN (Settle is finding out from Stripe; never charged twice)
 */
public record ChargeAttemptResponse(
    int number,
    long amount,
    String outcome,
    String paymentIntentId,
    String errorCode,
    String declineCode) {

  static ChargeAttemptResponse of(AttemptView attempt) {
    return new ChargeAttemptResponse(
        attempt.number(),
        attempt.amount(),
        attempt.outcome().name(),
        attempt.paymentIntentId(),
        attempt.errorCode(),
        attempt.declineCode());
  }
}
