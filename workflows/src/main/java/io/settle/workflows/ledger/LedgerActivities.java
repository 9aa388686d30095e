package io.settle.workflows.ledger;

import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Every write the invoice workflow makes to MySQL. Each method is idempotent, keyed by the
 * attempt's idempotency key, so Temporal may retry any of them.
 */
@ActivityInterface
public interface LedgerActivities {

  /**
   * Writes the attempt row (status PENDING) unless it already exists, and returns what the gateway
   * needs to charge it: the customer's Stripe id and auto-pay payment method.
   */
  @ActivityMethod
  ChargeRequest beginAttempt(AttemptStart start);

  /**
   * Records the gateway's answer on the attempt; on success also the payment, its allocation to the
   * invoice and the invoice's new balance, in one transaction.
   */
  @ActivityMethod
  InvoiceBalance recordOutcome(String idempotencyKey, ChargeResult result);
}
